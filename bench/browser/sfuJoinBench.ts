/**
 * A join in an SFU room (MESH_MAX=0: media through Janus), timed like figure 2: the second
 * person's **Join call** click → a first decoded video frame on both sides (pageClock.ts), with
 * the steps both pages mark (web/src/lib/joinTimeline.ts: the publishing connection's offer and
 * answer, the subscribing connection's offer and answer, each one connected). No target: it is
 * printed beside the mesh join of the same run, each in its own Chromium, by turns, so that the
 * next change to the SFU join can be seen against it.
 */
import { startApp } from '../../e2e/support/appServer.ts';
import { startJanus } from '../../signal/sfu/janusProcess.ts';
import { openApp } from './appJoin.ts';
import { inOwnBrowser } from './joinToFrameBench.ts';
import type { Timeline } from './pageClock.ts';
import { median, medianSteps } from '../report.ts';

export interface SfuJoinFigures {
  sfuMs: number[];
  meshMs: number[];
  /** One per SFU run: milliseconds after the click of each step. */
  timelines: Timeline[];
  browserVersion: string;
}

const ROUNDS = 3;

export async function runSfuJoinBench(
  runsPerRound: number,
  progress: (line: string) => void,
): Promise<SfuJoinFigures> {
  const janus = await startJanus();
  const sfu = await startApp({
    SFU_URL: janus.wsUrl,
    SFU_SECRET: janus.apiSecret,
    SFU_ADMIN_KEY: janus.adminKey,
    MESH_MAX: '0',
  });
  const mesh = await startApp();
  const figures: SfuJoinFigures = { sfuMs: [], meshMs: [], timelines: [], browserVersion: '' };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`SFU join round ${round} of ${ROUNDS}: an SFU room, then a mesh room`);
      const ours = await inOwnBrowser(runsPerRound, (b) => openApp(b, sfu.url));
      figures.sfuMs.push(...ours.results.map((r) => r.ms));
      figures.timelines.push(...ours.results.map((r) => r.timeline));
      figures.browserVersion = ours.version;
      const meshRuns = await inOwnBrowser(runsPerRound, (b) => openApp(b, mesh.url));
      figures.meshMs.push(...meshRuns.results.map((r) => r.ms));
    }
    return figures;
  } finally {
    await Promise.all([sfu.stop(), mesh.stop()]);
    await janus.stop();
  }
}

/** The SFU join beside the mesh join of the same run, and its timeline. */
export function sfuJoinNote(f: SfuJoinFigures): string {
  const sfu = median(f.sfuMs);
  const mesh = median(f.meshMs);
  return [
    `An SFU room's join (MESH_MAX=0, one Janus on loopback; no target): **Join call** → first`,
    `decoded frame on both sides, p50 of ${f.sfuMs.length}: ${Math.round(sfu)} ms; a mesh`,
    `room's in the same run, by turns: ${Math.round(mesh)} ms (the SFU join`,
    `${(sfu / mesh).toFixed(2)}×). Its timeline (ms after the click, p50):`,
    medianSteps(f.timelines),
  ].join(' ');
}
