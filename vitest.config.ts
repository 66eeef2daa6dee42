import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './e2e/support/browsers.ts';

// Separate from vite.config.ts so unit tests do not start the dev signaling plugin.
// Two projects: `node` for everything that runs without a browser, and `browser` for the
// call core's parts that need real WebRTC (`*.browser.test.ts`, in Debian's Chromium with
// fake media, the same browser and flags as the e2e suite).
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['signal/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['web/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
            // The page reaches the runner on IPv4 loopback, whatever "localhost" resolves to.
            api: { host: '127.0.0.1' },
          },
        },
      },
    ],
  },
});
