import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

/**
 * The mesh load measurement: its own config so `npm test` never runs it.
 * Run: npm run bench:mesh (builds, then npx playwright test -c bench/mesh)
 */
const launchOptions = base.use?.launchOptions ?? {};

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  workers: 1,
  timeout: 15 * 60_000,
  reporter: 'list',
  use: {
    ...base.use,
    trace: 'off',
    launchOptions: {
      ...launchOptions,
      // A real camera's 30 fps, not the fake device's default 20.
      args: (launchOptions.args ?? []).map((arg) =>
        arg === '--use-fake-device-for-media-stream'
          ? '--use-fake-device-for-media-stream=fps=30'
          : arg,
      ),
    },
  },
});
