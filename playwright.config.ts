import { defineConfig } from '@playwright/test';
import type { Fixtures } from './e2e/fixtures.ts';
import { chromiumLaunchOptions, firefoxLaunchOptions } from './e2e/support/browsers.ts';

export default defineConfig<Pick<Fixtures, 'engines'>>({
  testDir: 'e2e',
  // Every call runs several real browsers and video codecs; two machines' worth of
  // parallelism on two cores only makes timings flaky.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  // The whole suite took 36 minutes on a loaded 2-core machine (11 on a fast one); a run stuck
  // past this ends with its report.
  globalTimeout: 55 * 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: { trace: { mode: 'retain-on-failure', screenshots: false } },
  projects: [
    {
      // Every spec. Mixed calls start their Firefox participants from here (see fixtures.ts).
      name: 'chromium',
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions },
    },
    {
      // The specs tagged @firefox, as mixed calls: people take Firefox and Chromium in turn,
      // the first (the one who acts) in Firefox. The paths where Firefox's WebRTC differs
      // (see README, "Browsers").
      name: 'firefox',
      grep: /@firefox/,
      use: {
        browserName: 'firefox',
        launchOptions: firefoxLaunchOptions,
        engines: ['firefox', 'chromium'],
      },
    },
  ],
});
