// Where the Chromium for tests lives: the CHROMIUM_PATH override, Debian's
// /usr/bin/chromium, or (undefined) Playwright's own browser where installed.
import { existsSync } from 'node:fs';

export function findChromium(env = process.env) {
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
