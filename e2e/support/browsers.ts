/**
 * How the suite launches each browser: Debian's Chromium and Debian's Firefox ESR, both with
 * fake cameras and microphones and no permission prompts. The Playwright config and the
 * fixtures that put a second browser into a call read the same options from here.
 */
import type { LaunchOptions } from '@playwright/test';
import { findChromium, findFirefox } from '../../scripts/system-programs.mjs';

export type Engine = 'chromium' | 'firefox';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const chromiumPath = findChromium();
const firefoxPath = findFirefox();

export const chromiumLaunchOptions: LaunchOptions = {
  ...(chromiumPath !== undefined && { executablePath: chromiumPath }),
  args: [
    // Three fake cameras (and Chromium's three fake microphones), for device switching.
    // fake_device_1 delivers depth (Y16) frames that no video encoder takes; tests
    // switch between fake_device_0 (I420) and fake_device_2 (MJPEG). At 15 frames a second:
    // a call here puts every person's encoders and decoders on the same two cores, and at the
    // camera's 30 three people left Chromium painting 3 to 8 frames a second and each
    // Playwright step taking one to two seconds.
    '--use-fake-device-for-media-stream=device-count=3,fps=15',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(isRoot ? ['--no-sandbox'] : []),
  ],
};

/**
 * Firefox through Playwright's `moz-firefox` channel (WebDriver BiDi, the browser as shipped).
 * Firefox gathers loopback candidates only when told to, and plays media without a gesture
 * only when autoplay is allowed.
 */
export const firefoxLaunchOptions: LaunchOptions = {
  channel: 'moz-firefox',
  ...(firefoxPath !== undefined && { executablePath: firefoxPath }),
  firefoxUserPrefs: {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.peerconnection.ice.loopback': true,
    // Firefox hides its host addresses behind mDNS names unless the page holds a camera grant;
    // with the prompt turned off no grant is recorded, and nothing here resolves those names.
    // A person who allowed the camera has their addresses used, as here.
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    'media.autoplay.default': 0,
    'media.autoplay.blocking_policy': 0,
    // The fake camera, as Chromium's: 15 frames a second (not 30), and sent small. The app asks
    // for 1280x720 and Firefox's fake camera gives it that (its default-size prefs only apply
    // without constraints), encoded at 960x540: on two cores a Firefox person's encoder alone
    // slowed every step of a call. max_fs caps the encoded frame at 240 macroblocks (about
    // 320x180, the colour camera's size); each checked with getSettings() and getStats().
    'media.navigator.video.default_fps': 15,
    'media.navigator.video.max_fs': 240,
  },
};

export const launchOptionsFor = (engine: Engine): LaunchOptions =>
  engine === 'firefox' ? firefoxLaunchOptions : chromiumLaunchOptions;
