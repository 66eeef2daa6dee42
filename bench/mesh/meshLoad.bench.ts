import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { test } from '../../e2e/fixtures.ts';
import { PALETTE, useColourCamera } from '../../e2e/support/colourCamera.ts';
import { expectMediaFlowing, joinCall } from '../../e2e/support/participant.ts';
import type { Participant } from '../../e2e/support/participant.ts';
import { coresUsed, memoryMiB, sampleCpu } from '../proc.ts';

/**
 * How a full mesh loads this machine: for each room size, everyone joins (one
 * browser context each, all in one browser), then over a fixed window the
 * browser's CPU and memory and every inbound video stream's decoded frame rate
 * are measured. The largest size whose slowest stream holds 15 fps is reported.
 *
 *   MESH_SIZES=2,3,4,5,6   room sizes to measure, in order
 *   MESH_CAMERA=fake       Chromium's fake camera at the app's own 720p constraints;
 *               canvas     a 320x180 30 fps canvas, like the e2e tests' cameras
 *   MESH_WINDOW_S=10       length of the measuring window
 */
const sizes = (process.env.MESH_SIZES ?? '2,3,4,5,6').split(',').map(Number);
const camera = process.env.MESH_CAMERA ?? 'fake';
const windowSeconds = Number(process.env.MESH_WINDOW_S ?? 10);
const TARGET_FPS = 15;

test.use({ serverEnv: { MAX_PEERS: '8' } });

interface StreamCount {
  key: string;
  framesDecoded: number;
  width: number;
  height: number;
}

function inboundVideo(page: Page, owner: string): Promise<StreamCount[]> {
  return page.evaluate(async (who) => {
    const out: StreamCount[] = [];
    for (const { peerId, pc } of window.__roomCall?.sessions() ?? []) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
        out.push({
          key: `${who}<-${peerId}/${String(s.mid)}`,
          framesDecoded: Number(s.framesDecoded ?? 0),
          width: Number(s.frameWidth ?? 0),
          height: Number(s.frameHeight ?? 0),
        });
      });
    }
    return out;
  }, owner);
}

async function allInbound(people: Participant[]): Promise<StreamCount[]> {
  return (await Promise.all(people.map((p) => inboundVideo(p.page, p.name)))).flat();
}

interface SizeResult {
  participants: number;
  /** Every connection brought decoded video within a minute. */
  connected: boolean;
  streams: number;
  minFps: number;
  meanFps: number;
  resolution: string;
  browserCores: number;
  browserMemoryMiB: number;
  /** The machine's 1-minute load average at the end: other work competes for the same cores. */
  loadAverage: number;
}

test('mesh load: CPU, memory and decoded frame rate by room size', async ({ app, participant }) => {
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const people: Participant[] = [];
    for (let i = 0; i < size; i++) {
      const person = await participant(`P${i + 1}`);
      const colour = PALETTE[i % PALETTE.length];
      if (camera === 'canvas' && colour) await useColourCamera(person.context, colour, { fps: 30 });
      await joinCall(person, app.url, `load-${size}`);
      people.push(person);
    }
    let connected = true;
    for (const p of people) {
      // A machine too busy to bring every stream up is a result too, not a crash.
      connected &&= await expectMediaFlowing(p, size - 1, { timeout: 60_000 }).then(
        () => true,
        () => false,
      );
    }
    // Let bandwidth estimation and CPU adaptation settle before measuring:
    // this is a measuring window, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const cpuBefore = sampleCpu(process.pid);
    const framesBefore = new Map((await allInbound(people)).map((s) => [s.key, s.framesDecoded]));
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const after = await allInbound(people);
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = sampleCpu(process.pid);

    const fps = after.map((s) => (s.framesDecoded - (framesBefore.get(s.key) ?? 0)) / elapsed);
    // Streams that never arrived count as 0 fps.
    const expected = size * (size - 1);
    while (fps.length < expected) fps.push(0);
    const result: SizeResult = {
      participants: size,
      connected,
      streams: after.length,
      minFps: Math.min(...fps),
      meanFps: fps.reduce((a, b) => a + b, 0) / fps.length,
      resolution: [...new Set(after.map((s) => `${s.width}x${s.height}`))].join(' '),
      browserCores: coresUsed(cpuBefore, cpuAfter),
      browserMemoryMiB: memoryMiB(process.pid),
      loadAverage: loadavg()[0] ?? 0,
    };
    results.push(result);
    console.log(
      `${size} people: ${result.streams}/${expected} streams, decoded fps min ${result.minFps.toFixed(1)} ` +
        `mean ${result.meanFps.toFixed(1)} at ${result.resolution}; browser ` +
        `${(result.browserCores * 100).toFixed(0)}% CPU (of one core), ${result.browserMemoryMiB.toFixed(0)} MiB PSS; load average ${result.loadAverage.toFixed(1)}`,
    );
    for (const p of people) await p.context.close();
  }
  const largest = results.reduce(
    (best, r) => (r.minFps >= TARGET_FPS ? Math.max(best, r.participants) : best),
    0,
  );
  console.log(`largest room at ${TARGET_FPS}+ decoded fps per stream: ${largest}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/mesh-load.json',
    JSON.stringify({ camera, windowSeconds, largest, results }, null, 2),
  );
});
