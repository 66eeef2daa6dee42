/**
 * Test and benchmark support: starts a program (the built app, redis-server, coturn, …), waits
 * for the line of its output that says it is ready, keeps its output for failure reports, and
 * stops it (SIGTERM, then SIGKILL after 5 s). The one launcher of the suites' processes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LaunchSpec<T> {
  command: string;
  args: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** What a line of output tells once the program is ready (a port, say), or null. */
  readyFrom: (line: string) => T | null;
  /** Names the program in errors. */
  name: string;
  timeoutMs?: number;
}

export interface Launched<T> {
  process: ChildProcess;
  /** What `readyFrom` found. */
  ready: T;
  /** Every line printed so far (stdout and stderr). */
  output: string[];
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function launch<T>(spec: LaunchSpec<T>): Promise<Launched<T>> {
  const child = spawn(spec.command, spec.args, {
    ...(spec.cwd !== undefined && { cwd: spec.cwd }),
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  };
  try {
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${spec.name} did not start:\n${output.join('\n')}`));
      }, spec.timeoutMs ?? 30_000);
      const onLine = (line: string) => {
        output.push(line);
        const found = spec.readyFrom(line);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      createInterface({ input: child.stdout }).on('line', onLine);
      createInterface({ input: child.stderr }).on('line', onLine);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${spec.command} (${spec.name})`, { cause: err }));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} exited with ${code}:\n${output.join('\n')}`));
      });
    });
    return { process: child, ready, output, stop };
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }
}
