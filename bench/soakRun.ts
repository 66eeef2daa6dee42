/**
 * The soak benchmark: a signaling server under hundreds of sockets joining and
 * leaving rooms for minutes. It must end where it started (no rooms, no grace
 * timers, no connections), with a flat memory footprint and a responsive event
 * loop. The server runs here and is measured here; the clients run elsewhere.
 */
import { LOAD_TEST_LIMITS } from './loadLimits.ts';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createSignalServer } from '../signal/createSignalServer.ts';
import type { SignalServerStats } from '../signal/createSignalServer.ts';
import { driveClients } from './soakClients.ts';
import type { ClientLoadOptions, ClientLoadReport } from './soakClients.ts';

export interface SoakOptions {
  sockets: number;
  durationMs: number;
  /** Server grace period; short, so that vanished clients are removed within the run. */
  graceMs: number;
  /** Run the clients in a child process (the benchmark) or in this one (a quick check). */
  clients: 'process' | 'inline';
}

export interface SoakReport {
  options: SoakOptions;
  load: ClientLoadReport;
  before: SignalServerStats;
  after: SignalServerStats;
  /** Resident set size once warmed up and at the end (both after a GC when exposed). */
  rssWarmMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  rssGrowthPct: number;
  /** JavaScript heap in use after a GC, once warm and at the end: the leak-specific figure. */
  heapWarmMb: number;
  heapEndMb: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** The same delay in an idle process meanwhile: the machine's share of the figures above. */
  idleLag: { p50Ms: number; p99Ms: number; maxMs: number } | null;
  pass: { roomsBack: boolean; rss: boolean; lag: boolean };
}

/** Sampling interval of the event-loop delay histograms. */
export const RESOLUTION_MS = 10;

export const THRESHOLDS = { rssGrowthPct: 10, lagP99Ms: 50 } as const;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settledMemory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

function runClients(
  load: ClientLoadOptions,
  mode: SoakOptions['clients'],
): Promise<ClientLoadReport> {
  if (mode === 'inline') return driveClients(load);
  const child = fork(new URL('./soakClientsMain.js', import.meta.url), [JSON.stringify(load)], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (report) => resolve(report as ClientLoadReport));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`soak clients exited with ${code}`));
    });
  });
}

function measureIdleLag(startInMs: number, durationMs: number): Promise<SoakReport['idleLag']> {
  const args = [String(startInMs), String(durationMs)];
  const child = fork(new URL('./idleControl.js', import.meta.url), args);
  return new Promise((resolve) => {
    child.once('message', (figures) => resolve(figures as SoakReport['idleLag']));
    child.once('exit', () => resolve(null));
  });
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const http = createServer();
  const signal = createSignalServer(http, {
    graceMs: options.graceMs,
    logger: pino({ level: 'silent' }),
    limits: LOAD_TEST_LIMITS,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const before = await signal.stats();

  const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let rssPeak = 0;
  // A holder, as the sampler callback sets it (narrowing would not see that).
  const sampled: { warm: { rss: number; heap: number } | null } = { warm: null };
  const warmUpMs = Math.min(60_000, options.durationMs / 5);
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    if (sampled.warm === null && Date.now() - startedAt >= warmUpMs) {
      // The baseline: every socket connected and rooms in use, caches and pools warm.
      sampled.warm = settledMemory();
      lag.enable();
    }
  }, 250);

  const idleLag =
    options.clients === 'process'
      ? measureIdleLag(warmUpMs, options.durationMs - warmUpMs)
      : Promise.resolve(null);
  const load = await runClients(
    {
      url,
      sockets: options.sockets,
      durationMs: options.durationMs,
      rooms: Math.ceil(options.sockets / 4),
      vanishRate: 0.1,
    },
    options.clients,
  );
  clearInterval(sampler);
  lag.disable();

  // Vanished clients are removed once their grace period is over.
  const deadline = Date.now() + options.graceMs + 5000;
  let after = await signal.stats();
  const settled = (s: SignalServerStats) =>
    s.rooms === before.rooms && s.pendingDepartures === 0 && s.connections === 0;
  while (Date.now() < deadline && !settled(after)) {
    await pause(100);
    after = await signal.stats();
  }
  const end = settledMemory();
  await signal.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));

  const baseline = sampled.warm ?? end;
  const rssGrowthPct = Math.round(((end.rss - baseline.rss) / baseline.rss) * 1000) / 10;
  // Each sample is the time between ticks, the resolution included: the delay is what exceeds it.
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
  const lagP99Ms = ms(lag.percentile(99));
  return {
    options,
    load,
    before,
    after,
    rssWarmMb: mb(baseline.rss),
    rssEndMb: mb(end.rss),
    heapWarmMb: mb(baseline.heap),
    heapEndMb: mb(end.heap),
    rssPeakMb: mb(rssPeak),
    rssGrowthPct,
    lagP50Ms: ms(lag.percentile(50)),
    lagP99Ms,
    lagMaxMs: ms(lag.max),
    idleLag: await idleLag,
    pass: {
      roomsBack: settled(after),
      rss: rssGrowthPct < THRESHOLDS.rssGrowthPct,
      lag: lagP99Ms < THRESHOLDS.lagP99Ms,
    },
  };
}
