import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test } from '../../e2e/sfuFixtures.ts';
import { PALETTE, useColourCamera } from '../../e2e/support/colourCamera.ts';
import { joinCall } from '../../e2e/support/participant.ts';
import type { Participant } from '../../e2e/support/participant.ts';
import { coresUsed, descendants, sampleCpu } from '../proc.ts';
import type { CpuSample } from '../proc.ts';

/**
 * Mesh against SFU, by room size: for each size and each path, everyone joins (one browser
 * context each, all in one browser), then over a fixed
 * window: what each person uploads (bytes/s over all their connections), the browser's CPU
 * (all its processes, in cores), the servers' CPU (the signaling server, and Janus for the
 * SFU), and the decoded frame rate of every inbound video stream.
 * Both paths are timed the same way in the same run, so the crossover is measured, not assumed.
 *
 *   COMPARE_SIZES=2,3,4,5,6,7,8   room sizes, in order
 *   COMPARE_WINDOW_S=10           length of the measuring window
 *   COMPARE_CAMERA=fake           Chromium's fake camera (a moving picture) at the app's own
 *                                 720p, 30 fps; `canvas`: a 320x180 solid-colour canvas
 * Run: npm run bench:paths (writes bench/results/path-compare.json; the table is in
 * docs/performance.md)
 */
const sizes = (process.env.COMPARE_SIZES ?? '2,3,4,5,6,7,8').split(',').map(Number);
const windowSeconds = Number(process.env.COMPARE_WINDOW_S ?? 10);
const camera = process.env.COMPARE_CAMERA ?? 'fake';

interface Counters {
  bytesSent: number;
  /** Decoded frames per inbound video stream, by a key unique on the page. */
  frames: Record<string, number>;
}

function counters(page: Page): Promise<Counters> {
  return page.evaluate(async () => {
    const out: Counters = { bytesSent: 0, frames: {} };
    for (const { peerId, pc } of window.__roomCall?.sessions() ?? []) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'outbound-rtp') out.bytesSent += Number(s.bytesSent ?? 0);
        if (s.type === 'inbound-rtp' && s.kind === 'video')
          out.frames[`${peerId}/${String(s.mid)}`] = Number(s.framesDecoded ?? 0);
      });
    }
    return out;
  });
}

interface Row {
  path: 'mesh' | 'sfu';
  participants: number;
  uploadKbpsPerPerson: number;
  browserCores: number;
  /** The signaling server's and (SFU) Janus' processes. */
  serverCores: number;
  minFps: number;
  meanFps: number;
  streams: number;
}

/** The sample split in two: the processes of the servers (`roots` and below), and the rest. */
function split(sample: CpuSample, roots: number[]): [servers: CpuSample, rest: CpuSample] {
  const ours = new Set(roots.flatMap((pid) => [pid, ...descendants(pid).map((p) => p.pid)]));
  const part = (inServers: boolean): CpuSample => ({
    at: sample.at,
    cpuSeconds: new Map([...sample.cpuSeconds].filter(([pid]) => ours.has(pid) === inServers)),
  });
  return [part(true), part(false)];
}

async function measure(
  path: Row['path'],
  size: number,
  url: string,
  participant: (name: string) => Promise<Participant>,
  serverPids: number[],
): Promise<Row> {
  const people: Participant[] = [];
  for (let i = 0; i < size; i++) {
    const person = await participant(`P${i + 1}`);
    if (camera === 'canvas')
      await useColourCamera(person.context, PALETTE[i % PALETTE.length] ?? [0, 0, 0], { fps: 30 });
    await joinCall(person, url, `${path}-${size}`);
    people.push(person);
  }
  // Let every stream come up, bandwidth estimation and CPU adaptation settle: a measuring
  // window's lead-in, not a wait for a condition (streams that never arrive count as 0 fps).
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  const before = await Promise.all(people.map((p) => counters(p.page)));
  const cpuBefore = sampleCpu(process.pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
  const after = await Promise.all(people.map((p) => counters(p.page)));
  const cpuAfter = sampleCpu(process.pid);
  const elapsed = (performance.now() - started) / 1000;
  const fps: number[] = [];
  let sent = 0;
  after.forEach((a, i) => {
    const b = before[i];
    sent += a.bytesSent - (b?.bytesSent ?? 0);
    for (const [key, frames] of Object.entries(a.frames))
      fps.push((frames - (b?.frames[key] ?? 0)) / elapsed);
  });
  const expected = size * (size - 1);
  const live = fps
    .filter((f) => f > 0)
    .sort((x, y) => y - x)
    .slice(0, expected);
  while (live.length < expected) live.push(0);
  for (const p of people) await p.context.close();
  const [serversBefore, browserBefore] = split(cpuBefore, serverPids);
  const [serversAfter, browserAfter] = split(cpuAfter, serverPids);
  return {
    path,
    participants: size,
    uploadKbpsPerPerson: Math.round((sent * 8) / 1000 / elapsed / size),
    browserCores: Number(coresUsed(browserBefore, browserAfter).toFixed(2)),
    serverCores: Number(coresUsed(serversBefore, serversAfter).toFixed(2)),
    minFps: Number(Math.min(...live).toFixed(1)),
    meanFps: Number((live.reduce((x, y) => x + y, 0) / live.length).toFixed(1)),
    streams: expected,
  };
}

const rows: Row[] = [];

test.describe('mesh', () => {
  test.use({ serverEnv: { MAX_PEERS: '8' } });
  test('mesh by room size', async ({ app, participant }) => {
    for (const size of sizes) {
      const row = await measure('mesh', size, app.url, participant, [app.process.pid ?? 0]);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  });
});

test.describe('sfu', () => {
  test.use({ sfuEnv: { MAX_PEERS: '8', MESH_MAX: '0' } });
  test('sfu by room size', async ({ app, participant, sfu }) => {
    const servers = [app.process, ...sfu.janus.map((j) => j.process)].map((p) => p.pid ?? 0);
    for (const size of sizes) {
      const row = await measure('sfu', size, app.url, participant, servers);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  });
});

test.afterAll(() => {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/path-compare.json',
    JSON.stringify({ windowSeconds, camera, rows }, null, 2),
  );
});
