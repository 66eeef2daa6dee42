import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/chromium-path.mjs';

const executablePath = findChromium();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export default defineConfig({
  testDir: 'e2e',
  // Every call runs several real browsers and video codecs; two machines' worth of
  // parallelism on two cores only makes timings flaky.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath !== undefined && { executablePath }),
      args: [
        // Three fake cameras (and Chromium's three fake microphones), for device switching.
        // fake_device_1 delivers depth (Y16) frames that no video encoder takes; tests
        // switch between fake_device_0 (I420) and fake_device_2 (MJPEG).
        '--use-fake-device-for-media-stream=device-count=3',
        '--use-fake-ui-for-media-stream',
        '--allow-loopback-in-peer-connection',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...(isRoot ? ['--no-sandbox'] : []),
      ],
    },
  },
});
