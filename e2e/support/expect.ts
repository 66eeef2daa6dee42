/**
 * Playwright's `expect`, whose `expect.poll` looks more often by default: Playwright's own
 * default waits 100, 250, 500, then 1000 ms between tries, so a state that comes 0.9 s in is
 * seen at 1.85 s, and every call set-up of the suite waits on such polls (media flowing, tiles,
 * announcements). Here: 100, 100, 200, then every 250 ms; a test that names its own intervals
 * keeps them. Every spec and helper takes `expect` from here (or from fixtures.ts).
 */
import { expect as playwrightExpect } from '@playwright/test';

const POLL_INTERVALS = [100, 100, 200, 250];

type Poll = typeof playwrightExpect.poll;

const poll: Poll = (actual, messageOrOptions) =>
  playwrightExpect.poll(
    actual,
    typeof messageOrOptions === 'string'
      ? { message: messageOrOptions, intervals: POLL_INTERVALS }
      : { intervals: POLL_INTERVALS, ...messageOrOptions },
  );

// configure() makes a new expect, so Playwright's own is left as it was.
export const expect: typeof playwrightExpect = Object.assign(playwrightExpect.configure({}), {
  poll,
});
