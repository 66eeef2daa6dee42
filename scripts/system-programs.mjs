// The system programs the test suite starts, where each is found, and the Debian package
// that brings it. One list, read by the set-up script and by the Playwright config.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first existing file among `candidates`, or undefined. */
const firstExisting = (candidates) => candidates.find((file) => existsSync(file));

/** `name` on PATH, or undefined. */
export function onPath(name, env = process.env) {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return firstExisting([...dirs, '/usr/sbin', '/sbin'].map((dir) => join(dir, name)));
}

/** An override from the environment must exist; a wrong one is an error, not a fallback. */
function override(variable, env) {
  const value = env[variable];
  if (!value) return undefined;
  if (!existsSync(value)) throw new Error(`${variable}=${value} does not exist`);
  return value;
}

/** Debian's Chromium (or CHROMIUM_PATH). */
export const findChromium = (env = process.env) =>
  override('CHROMIUM_PATH', env) ??
  firstExisting(['/usr/bin/chromium', '/usr/bin/chromium-browser']);

/** Debian's Firefox ESR (or FIREFOX_PATH). */
export const findFirefox = (env = process.env) =>
  override('FIREFOX_PATH', env) ?? firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);

export const systemPrograms = [
  { name: 'chromium', debianPackage: 'chromium', find: findChromium },
  { name: 'firefox-esr', debianPackage: 'firefox-esr', find: findFirefox },
  {
    name: 'redis-server',
    debianPackage: 'redis-server',
    find: (env = process.env) => override('REDIS_SERVER', env) ?? onPath('redis-server', env),
  },
  {
    name: 'turnserver',
    debianPackage: 'coturn',
    find: (env = process.env) => override('TURNSERVER', env) ?? onPath('turnserver', env),
  },
  {
    name: 'janus',
    debianPackage: 'janus',
    find: (env = process.env) => override('JANUS', env) ?? onPath('janus', env),
  },
  { name: 'ip', debianPackage: 'iproute2', find: (env = process.env) => onPath('ip', env) },
  // Random loss on the bad-network specs' router (e2e/support/linkShaping.ts).
  { name: 'nft', debianPackage: 'nftables', find: (env = process.env) => onPath('nft', env) },
];

export const missingPrograms = (programs, env = process.env) =>
  programs.filter((program) => program.find(env) === undefined);
