// Makes sure of every system program the test suite starts. As root on Debian it installs the
// missing ones with apt (one update, one install); anywhere else it stops at once with one
// message naming the missing packages and the command that installs them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemPrograms, missingPrograms } from './system-programs.mjs';

const missing = missingPrograms(systemPrograms);
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map((p) => p.debianPackage))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');

if (!isRoot || !hasApt) {
  const names = missing.map((p) => `${p.name} (${p.debianPackage})`).join(', ');
  console.error(
    [
      `npm test needs programs that are not installed: ${names}.`,
      `Install them with:  sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`,
      'or run npm test as root on Debian, where it installs them itself.',
    ].join('\n'),
  );
  process.exit(1);
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => {
  console.log(`$ apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`apt-get ${args[0]} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
};
run(['update', '-qq']);
run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);

const still = missingPrograms(systemPrograms);
if (still.length > 0) {
  console.error(`still missing after apt-get install: ${still.map((p) => p.name).join(', ')}`);
  process.exit(1);
}
