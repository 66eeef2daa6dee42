/**
 * Background blur at 640x480: frames per second out of the blur and CPU, against a baseline
 * measured the same way in the same run (the raw camera through the same counter). One
 * Chromium, one pre-join page of the e2e build (our origin, our CSP), the fake camera at
 * 30 fps asked for at 640x480. The page counts the frames its preview <video> presents
 * (requestVideoFrameCallback), which shows the camera with blur off and the blurred track
 * with it on; CPU is every process this bench started (browser and app server), in cores.
 */
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/browsers.ts';
import { startApp } from '../../e2e/support/appServer.ts';
import { coresUsed, sampleCpu } from '../proc.ts';

export interface BlurRun {
  /** Frames presented by the preview per second. */
  fps: number;
  /** Person masks per second (blur only). */
  masksPerSecond: number | null;
  cores: number;
}

export interface BlurFigures {
  raw: BlurRun;
  blur: BlurRun;
  /** The lazily loaded files blur fetches, in bytes as served. */
  chunks: { file: string; bytes: number }[];
  browserVersion: string;
}

const WINDOW_MS = 10_000;
const CAMERA_FPS = 30;

/** Presented frames and masks over one window, and the CPU meanwhile. */
async function measure(page: Page, blur: boolean): Promise<BlurRun> {
  const before = sampleCpu(process.pid);
  // A string, not a function: tsx would wrap the named callbacks in a helper the page lacks.
  const counted = await page.evaluate<{ frames: number; masks: number }>(`(async () => {
    const video = document.querySelector('video');
    if (!video) throw new Error('no preview');
    let frames = 0;
    let masks = 0;
    let stop = false;
    function count() {
      if (stop) return;
      frames++;
      video.requestVideoFrameCallback(count);
    }
    video.requestVideoFrameCallback(count);
    const sampler = setInterval(() => {
      masks += window.__roomCall?.blurRates()?.masks ?? 0;
    }, 1000);
    await new Promise((resolve) => setTimeout(resolve, ${WINDOW_MS}));
    stop = true;
    clearInterval(sampler);
    return { frames, masks };
  })()`);
  const cores = coresUsed(before, sampleCpu(process.pid));
  return {
    fps: (counted.frames * 1000) / WINDOW_MS,
    masksPerSecond: blur ? (counted.masks * 1000) / WINDOW_MS : null,
    cores,
  };
}

export async function runBlurBench(progress: (line: string) => void): Promise<BlurFigures> {
  const app = await startApp();
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: (chromiumLaunchOptions.args ?? []).map((a) =>
      a.startsWith('--use-fake-device-for-media-stream')
        ? `--use-fake-device-for-media-stream=fps=${CAMERA_FPS}`
        : a,
    ),
  });
  try {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    // The app asks for 1280x720; this bench's figure is for a 640x480 camera.
    await page.addInitScript(() => {
      const media = navigator.mediaDevices;
      const open = media.getUserMedia.bind(media);
      media.getUserMedia = (constraints) =>
        open(
          constraints?.video
            ? { ...constraints, video: { width: 640, height: 480, frameRate: 30 } }
            : constraints,
        );
    });
    const chunks: BlurFigures['chunks'] = [];
    page.on('response', (res) => {
      const file = new URL(res.url()).pathname;
      if (file.startsWith('/assets/') && /blur|segmentWorker|tflite|selfie/.test(file))
        void res.body().then((body) => chunks.push({ file, bytes: body.length }));
    });
    await page.goto(`${app.url}/r/blur-bench`);
    const button = page.getByRole('button', { name: 'Background blur' });
    await button.waitFor();
    await page.waitForFunction(
      () => (document.querySelector('video')?.videoWidth ?? 0) > 0,
      undefined,
      { timeout: 20_000 },
    );
    progress('blur: the raw camera through the counter');
    const raw = await measure(page, false);
    await button.click();
    // Warmed up: the first masks take longer (model compilation).
    await page.waitForFunction(() => (window.__roomCall?.blurRates()?.masks ?? 0) > 0, undefined, {
      timeout: 30_000,
    });
    progress('blur: on');
    const blur = await measure(page, true);
    if ((await button.getAttribute('aria-pressed')) !== 'true')
      progress('blur: turned itself off during the run (this machine could not keep up)');
    return { raw, blur, chunks, browserVersion: browser.version() };
  } finally {
    await browser.close();
    await app.stop();
  }
}

export function blurNote(f: BlurFigures): string {
  const run = (name: string, r: BlurRun) =>
    `| ${name} | ${r.fps.toFixed(1)} | ${r.masksPerSecond?.toFixed(1) ?? '–'} | ${r.cores.toFixed(2)} |`;
  const files = f.chunks.map(
    (c) => `${c.file.replace(/^.*\//, '')} ${(c.bytes / 1024).toFixed(0)} KiB`,
  );
  return [
    `Background blur, 640x480 camera at ${CAMERA_FPS} fps, ${WINDOW_MS / 1000} s windows:`,
    '',
    '| | frames/s out | masks/s | CPU (cores) |',
    '|---|---|---|---|',
    run('raw camera (baseline)', f.raw),
    run('blur on', f.blur),
    '',
    `Loaded when blur is turned on: ${files.join(', ')}.`,
  ].join('\n');
}
