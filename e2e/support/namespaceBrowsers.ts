/**
 * Browsers that live inside one side of a SplitNetwork (netns.ts), for either engine. The app
 * is served over plain http on private addresses there, so each browser is told to treat those
 * origins as secure (cameras need a secure origin), and loopback candidates, which lead nowhere
 * from a namespace, are left out.
 */
import type { Browser, PlaywrightWorkerArgs } from '@playwright/test';
import { findChromium, findFirefox } from '../../scripts/system-programs.mjs';
import { chromiumLaunchOptions, firefoxLaunchOptions } from './browsers.ts';
import type { Engine } from './browsers.ts';
import type { Side, SplitNetwork } from './netns.ts';
import type { Participant } from './participant.ts';

export function launchInNamespace(
  playwright: PlaywrightWorkerArgs['playwright'],
  net: SplitNetwork,
  side: Side,
  engine: Engine,
  origins: string[],
): Promise<Browser> {
  if (engine === 'firefox') {
    const firefox = findFirefox() ?? playwright.firefox.executablePath();
    return playwright.firefox.launch({
      ...firefoxLaunchOptions,
      executablePath: net.browserIn(side, firefox, 'firefox'),
      firefoxUserPrefs: {
        ...firefoxLaunchOptions.firefoxUserPrefs,
        'media.peerconnection.ice.loopback': false,
        'dom.securecontext.allowlist': origins.map((origin) => new URL(origin).hostname).join(','),
      },
    });
  }
  const chromium = findChromium() ?? playwright.chromium.executablePath();
  return playwright.chromium.launch({
    ...chromiumLaunchOptions,
    executablePath: net.browserIn(side, chromium, 'chromium'),
    args: [
      ...(chromiumLaunchOptions.args ?? []).filter(
        (a) => a !== '--allow-loopback-in-peer-connection',
      ),
      `--unsafely-treat-insecure-origin-as-secure=${origins.join(',')}`,
    ],
  });
}

/**
 * `name` on a fresh page of a browser launched inside `side` (as launchInNamespace), page errors
 * recorded. The browser goes into `browsers` as soon as it runs: the caller closes them.
 */
export async function personInNamespace(
  playwright: PlaywrightWorkerArgs['playwright'],
  net: SplitNetwork,
  side: Side,
  name: string,
  origins: string[],
  browsers: Browser[],
  engine: Engine = 'chromium',
): Promise<Participant> {
  const browser = await launchInNamespace(playwright, net, side, engine, origins);
  browsers.push(browser);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const person: Participant = { name, engine, context, page, errors: [] };
  page.on('pageerror', (err) => person.errors.push(err));
  return person;
}
