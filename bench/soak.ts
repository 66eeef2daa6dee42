/**
 * `npm run bench:soak [-- --duration 300 --sockets 500]`: runs the soak benchmark
 * (see soakRun.ts), prints the figures, writes them to bench/results/, and
 * exits non-zero when a threshold is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { THRESHOLDS, runSoak } from './soakRun.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.SOAK_SECONDS ?? '300' },
    sockets: { type: 'string', default: process.env.SOAK_SOCKETS ?? '500' },
    grace: { type: 'string', default: '2000' },
  },
});
const durationMs = Number(values.duration) * 1000;
const sockets = Number(values.sockets);
const graceMs = Number(values.grace);
if (![durationMs, sockets, graceMs].every((n) => Number.isFinite(n) && n > 0)) {
  console.error('usage: soak [--duration seconds] [--sockets n] [--grace ms]');
  process.exit(2);
}

console.log(`soak: ${sockets} sockets joining and leaving for ${durationMs / 1000} s…`);
const report = await runSoak({ sockets, durationMs, graceMs, clients: 'process' });
const { load, before, after } = report;
const refused = Object.entries(load.refusals)
  .map(([code, n]) => `${code} ${n}`)
  .join(', ');
console.log(
  [
    `joins ${load.joins}, leaves ${load.leaves}, vanished ${load.vanishes}, signals ${load.signals}, refused: ${refused || 'none'}, client errors ${load.errors}`,
    `rooms: ${before.rooms} at start, ${after.rooms} at end; grace timers left ${after.pendingDepartures}; connections left ${after.connections}`,
    `RSS: ${report.rssWarmMb} MB warm, ${report.rssEndMb} MB at end (${report.rssGrowthPct}% growth; peak ${report.rssPeakMb} MB; limit ${THRESHOLDS.rssGrowthPct}%)`,
    `JS heap after GC: ${report.heapWarmMb} MB warm, ${report.heapEndMb} MB at end`,
    `event-loop lag: p50 ${report.lagP50Ms} ms, p99 ${report.lagP99Ms} ms, max ${report.lagMaxMs} ms (p99 limit ${THRESHOLDS.lagP99Ms} ms)`,
    report.idleLag
      ? `idle process on this machine meanwhile: p50 ${report.idleLag.p50Ms} ms, p99 ${report.idleLag.p99Ms} ms, max ${report.idleLag.maxMs} ms (the machine's share of the lag)`
      : '',
  ]
    .filter(Boolean)
    .join('\n'),
);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
const ok = Object.values(report.pass).every(Boolean);
console.log(`${ok ? 'PASS' : 'FAIL'} (${file})`);
process.exit(ok ? 0 : 1);
