/**
 * Second person's "Join call" click -> first decoded remote video frame on both
 * sides, through the real app (built, two browser contexts, real signaling),
 * against the same browser's floor: two RTCPeerConnections in one page,
 * signaled by direct calls. Runs alternate so load drifts hit both alike.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import { startApp } from '../../e2e/support/appServer.ts';

declare global {
  interface Window {
    __joinClickedAt?: number;
  }
}

export interface JoinFigures {
  appMs: number[];
  floorMs: number[];
  browserVersion: string;
}

/** Epoch milliseconds (comparable across pages) when this page first decodes a video frame from a peer not in `known`. */
function firstFrameAt(page: Page, known: string[]): Promise<number> {
  return page.evaluate(async (knownIds) => {
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      for (const { peerId, pc } of window.__roomCall?.sessions() ?? []) {
        if (knownIds.includes(peerId)) continue;
        const report = await pc.getStats();
        let frames = 0;
        report.forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video')
            frames += Number(s.framesDecoded ?? 0);
        });
        if (frames > 0) return performance.timeOrigin + performance.now();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no remote frame within 30 s');
  }, known);
}

const sessionIds = (page: Page) =>
  page.evaluate(() => (window.__roomCall?.sessions() ?? []).map((s) => s.peerId));

async function appRun(alice: Page, bob: Page): Promise<number> {
  const knownA = await sessionIds(alice);
  await bob.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find(
      (b) => b.textContent === 'Join call',
    );
    button?.addEventListener(
      'click',
      () => {
        window.__joinClickedAt = performance.timeOrigin + performance.now();
      },
      { capture: true, once: true },
    );
  });
  const aliceSees = firstFrameAt(alice, knownA);
  const bobSees = firstFrameAt(bob, []);
  await bob.getByRole('button', { name: 'Join call' }).click();
  const [a, b] = await Promise.all([aliceSees, bobSees]);
  const clicked = await bob.evaluate(() => window.__joinClickedAt ?? Number.NaN);
  // Back to the pre-join view, and Alice alone again, for the next run.
  await bob.getByRole('button', { name: 'Leave call' }).click();
  await bob.getByRole('button', { name: 'Join call' }).waitFor();
  await alice.waitForFunction(() => (window.__roomCall?.sessions() ?? []).length === 0);
  return Math.max(a, b) - clicked;
}

/** The floor: media already open, as the app's preview has it; then connect and decode. */
function floorRun(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const [streamA, streamB] = await Promise.all([
      navigator.mediaDevices.getUserMedia({ audio: true, video: true }),
      navigator.mediaDevices.getUserMedia({ audio: true, video: true }),
    ]);
    const started = performance.now();
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = ({ candidate }) => void b.addIceCandidate(candidate ?? undefined);
    b.onicecandidate = ({ candidate }) => void a.addIceCandidate(candidate ?? undefined);
    for (const t of streamA.getTracks()) a.addTrack(t, streamA);
    for (const t of streamB.getTracks()) b.addTrack(t, streamB);
    await a.setLocalDescription();
    if (!a.localDescription) throw new Error('no offer');
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    if (!b.localDescription) throw new Error('no answer');
    await a.setRemoteDescription(b.localDescription);
    // Plain loops, no local function declarations: the page must not depend on bundler helpers.
    const decoded: (number | null)[] = [null, null];
    const deadline = performance.now() + 30_000;
    while (decoded.includes(null) && performance.now() < deadline) {
      for (const [i, pc] of [a, b].entries()) {
        if (decoded[i] !== null) continue;
        let frames = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video')
            frames += Number(s.framesDecoded ?? 0);
        });
        if (frames > 0) decoded[i] = performance.now();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const [ta, tb] = decoded;
    if (ta == null || tb == null) throw new Error('no frame within 30 s');
    a.close();
    b.close();
    for (const t of [...streamA.getTracks(), ...streamB.getTracks()]) t.stop();
    return Math.max(ta, tb) - started;
  });
}

async function blankPageServer() {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>floor</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runJoinBench(runs: number): Promise<JoinFigures> {
  const app = await startApp();
  const blank = await blankPageServer();
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const [aliceCtx, bobCtx, floorCtx] = await Promise.all([
      browser.newContext({ locale: 'en-US' }),
      browser.newContext({ locale: 'en-US' }),
      browser.newContext({ locale: 'en-US' }),
    ]);
    const [alice, bob, floor] = await Promise.all([
      aliceCtx.newPage(),
      bobCtx.newPage(),
      floorCtx.newPage(),
    ]);
    await alice.goto(`${app.url}/r/bench`);
    await alice.getByRole('textbox', { name: 'Your name' }).fill('Alice');
    await alice.getByRole('button', { name: 'Join call' }).click();
    await alice.getByRole('button', { name: 'Leave call' }).waitFor();
    await bob.goto(`${app.url}/r/bench`);
    await bob.getByRole('textbox', { name: 'Your name' }).fill('Bob');
    await bob.getByRole('button', { name: 'Join call' }).waitFor();
    // The preview opens the camera before anyone clicks, as it does for a real person.
    await bob
      .getByRole('img', { name: 'Your camera preview' })
      .or(bob.locator('video'))
      .first()
      .waitFor();
    await floor.goto(blank.url);

    // One unmeasured run each warms caches and codecs.
    await floorRun(floor);
    await appRun(alice, bob);
    const appMs: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      floorMs.push(await floorRun(floor));
      appMs.push(await appRun(alice, bob));
    }
    return { appMs, floorMs, browserVersion: browser.version() };
  } finally {
    await browser.close();
    await blank.close();
    await app.stop();
  }
}
