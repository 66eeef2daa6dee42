#!/usr/bin/env node
/**
 * Runs a test command with a deadline, so that a runner that hangs fails the step in minutes
 * instead of holding CI until its limit.
 *
 *   node scripts/run-bounded.mjs <seconds> [--again-on-hang] -- <command> [args...]
 *
 * The command's exit code is passed on. Past the deadline its whole process group is killed and
 * the step fails with exit code 124; with --again-on-hang, a first hang is followed by one more
 * run with the browser pool's debug log (DEBUG=vitest:browser*,pw:browser) so that a second
 * hang says where it stopped. Only a hang earns that second run: a failed test fails the step.
 * (Vitest's browser mode can wait for ever on a tester page that died without closing its
 * socket; vitest-dev/vitest#10791, fixed in Vitest 5, which needs Node 22.)
 */
import { spawn } from 'node:child_process';

const [seconds, ...rest] = process.argv.slice(2);
const againOnHang = rest[0] === '--again-on-hang';
const separator = rest.indexOf('--');
const command = rest.slice(separator + 1);
const deadlineMs = Number(seconds) * 1000;
if (!(deadlineMs > 0) || separator < 0 || command.length === 0) {
  console.error('usage: run-bounded.mjs <seconds> [--again-on-hang] -- <command> [args...]');
  process.exit(2);
}

/** Runs the command once; resolves to its exit code, or 'hang' past the deadline. */
function runOnce(env) {
  return new Promise((resolve) => {
    // Its own process group, so that the browsers and servers it started go with it.
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env, detached: true });
    const timer = setTimeout(() => {
      console.error(
        `\n${command.join(' ')} did not finish within ${seconds} s: a hang, not a test failure.`,
      );
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve('hang');
    }, deadlineMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.once(sig, () => {
        try {
          process.kill(-child.pid, sig);
        } catch {
          // already gone
        }
        process.exit(130);
      });
    }
  });
}

let result = await runOnce(process.env);
if (result === 'hang' && againOnHang) {
  console.error('Running it once more, with the browser pool’s debug log.');
  const debug = [process.env.DEBUG, 'vitest:browser*', 'pw:browser'].filter(Boolean).join(',');
  result = await runOnce({ ...process.env, DEBUG: debug });
}
process.exit(result === 'hang' ? 124 : result);
