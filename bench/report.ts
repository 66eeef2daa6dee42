/** Turns the figures into the one table `npm run bench` prints, with the machine it ran on. */
import { cpus, loadavg, totalmem } from 'node:os';
import type { BundleFigures } from './bundle/bundleBench.ts';
import type { JoinFigures } from './browser/joinToFrameBench.ts';
import type { Timeline } from './browser/pageClock.ts';
import { describeCpu } from './browser/browserCpu.ts';
import type { RelayFigures } from './relay/relayBench.ts';
import type { IdleHeapFigures } from './relay/idleHeapBench.ts';
import type { HostileFigures } from './hostile/pingUnderAttackBench.ts';

export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: number;
  target: { op: '≥' | '≤'; value: number };
  /** Another baseline measured beside the judged one, with room-call's ratio against it. */
  also?: string;
}

const n = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes: number) => `${n(bytes / 1024, 1)} KiB`;

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

function relayRows(relay: RelayFigures): Row[] {
  const { roomCall: rc, stockSocketIo: stock, rawWs: raw } = relay;
  const beside = (label: string, value: string, ratio: number) =>
    `${label}: ${value} (${n(ratio, 2)}×)`;
  return [
    {
      figure: '1a. Relay throughput per server CPU-second',
      ours: `${n(rc.relaysPerCpuSecond)} relays/CPU-s`,
      baseline: `stock Socket.IO: ${n(stock.relaysPerCpuSecond)} relays/CPU-s`,
      ratio: rc.relaysPerCpuSecond / stock.relaysPerCpuSecond,
      target: { op: '≥', value: 0.9 },
      also: beside(
        'raw ws',
        `${n(raw.relaysPerCpuSecond)} relays/CPU-s`,
        rc.relaysPerCpuSecond / raw.relaysPerCpuSecond,
      ),
    },
    {
      figure: `1b. Relay round trip p99 at half saturation (${n(rc.rttLoadRate)} relays/s)`,
      ours: `${n(rc.rttP99Ms, 1)} ms (p50 ${n(rc.rttP50Ms, 1)})`,
      baseline: `stock Socket.IO: ${n(stock.rttP99Ms, 1)} ms (p50 ${n(stock.rttP50Ms, 1)})`,
      ratio: rc.rttP99Ms / stock.rttP99Ms,
      target: { op: '≤', value: 1.5 },
      also: beside(
        'raw ws',
        `${n(raw.rttP99Ms, 1)} ms (p50 ${n(raw.rttP50Ms, 1)})`,
        rc.rttP99Ms / raw.rttP99Ms,
      ),
    },
    heapRow(relay.heap),
  ];
}

function heapRow(heap: IdleHeapFigures): Row {
  return {
    figure: '1c. Idle heap per connected socket (joined)',
    ours: kib(heap.roomCall),
    baseline: `raw ws: ${kib(heap.rawWs)}`,
    ratio: heap.roomCall / heap.rawWs,
    target: { op: '≤', value: 3 },
    also:
      `stock Socket.IO: ${kib(heap.stockSocketIo)} (${n(heap.roomCall / heap.stockSocketIo, 2)}×); ` +
      `a fresh server's first batch, with the code compiled while it joins: ` +
      `room-call ${kib(heap.firstBatch.roomCall)}, raw ws ${kib(heap.firstBatch.rawWs)} ` +
      `(${n(heap.firstBatch.roomCall / heap.firstBatch.rawWs, 2)}×)`,
  };
}

function joinRows(join: JoinFigures): Row[] {
  const appP50 = median(join.appMs);
  const minimalP50 = median(join.minimalMs);
  const floorP50 = median(join.floorMs);
  const againP50 = median(join.appAgainMs);
  const shownP50 = median(join.shownMs);
  const runs = join.appMs.length;
  return [
    {
      figure: `2. Join call → first decoded frame, both sides, p50 of ${runs}`,
      ours: `${n(appP50)} ms`,
      baseline: `minimal two-page call: ${n(minimalP50)} ms`,
      ratio: appP50 / minimalP50,
      target: { op: '≤', value: 1.2 },
      also:
        `in-page floor: ${n(floorP50)} ms (${n(appP50 / floorP50, 2)}×); ` +
        `the minimal call showing its own camera and playing the other's: ${n(shownP50)} ms (${n(appP50 / shownP50, 2)}×; ` +
        `itself ${n(shownP50 / minimalP50, 2)}× the minimal call that shows nothing); ` +
        `the app again from the same page: ${n(againP50)} ms (${n(againP50 / minimalP50, 2)}×)`,
    },
  ];
}

/** The median of each step over the runs, in time order. */
export function medianSteps(timelines: Timeline[]): string {
  const steps = new Set(timelines.flatMap((t) => Object.keys(t)));
  return (
    [...steps]
      .map((step) => ({
        step,
        ms: median(timelines.flatMap((t) => (t[step] === undefined ? [] : [t[step]]))),
      }))
      .sort((a, b) => a.ms - b.ms)
      .map(({ step, ms }) => `${step} ${n(ms)}`)
      .join(' → ') + '.'
  );
}

/** Where the app's join spends its time, and the minimal call's, step by step. */
export function joinTimelineNote(join: JoinFigures): string {
  return [
    `Figure 2's timeline (ms after the click, p50 of ${join.timelines.length}; "joiner" clicked, "present" was in the call):`,
    medianSteps(join.timelines),
    `The minimal two-page call's, the same steps marked in its pages (p50 of ${join.minimalTimelines.length}):`,
    medianSteps(join.minimalTimelines),
  ]
    .join(' ')
    .concat(
      `\n\nThe browser's CPU from the click to the last first frame, mean per join (all its `,
      `processes, by what the threads do: bench/browser/browserCpu.ts): the app `,
      `${describeCpu(join.appCpu)}; the minimal two-page call ${describeCpu(join.minimalCpu)}; `,
      `the minimal call showing and playing ${describeCpu(join.shownCpu)}.`,
    );
}

function bundleRows(bundle: BundleFigures): Row[] {
  return [
    {
      figure: '3a. Initial JS, gzipped: the lobby, before its first render',
      ours: kib(bundle.appBytes),
      baseline: `hello world: ${kib(bundle.helloBytes)}`,
      ratio: bundle.appBytes / bundle.helloBytes,
      target: { op: '≤', value: 1.1 },
    },
    {
      figure: "3b. Initial JS, gzipped: a room's URL opened directly, before its preview",
      ours: kib(bundle.preJoin.bytes),
      baseline: `hello world: ${kib(bundle.helloBytes)}`,
      ratio: bundle.preJoin.bytes / bundle.helloBytes,
      target: { op: '≤', value: 1.1 },
    },
  ];
}

function twoNodeRows(relay: RelayFigures): Row[] {
  const { roomCall: rc, twoNodes } = relay;
  return [
    {
      figure: '4. CPU per relayed message, two nodes via Redis',
      ours: `${n(twoNodes.cpuMicrosPerRelay, 1)} µs`,
      baseline: `one node: ${n(rc.cpuMicrosPerRelay, 1)} µs`,
      ratio: twoNodes.cpuMicrosPerRelay / rc.cpuMicrosPerRelay,
      target: { op: '≤', value: 2 },
    },
  ];
}

function hostileRows(hostile: HostileFigures): Row[] {
  return [
    {
      figure: `5. Ping round trip p95 under attack (${n(hostile.messages)} hostile messages, server in its own process)`,
      ours: `${n(hostile.attackP95Ms, 1)} ms (max ${n(hostile.attackMaxMs, 1)})`,
      baseline: `idle server: ${n(hostile.idleP95Ms, 1)} ms`,
      ratio: hostile.attackP95Ms / hostile.idleP95Ms,
      target: { op: '≤', value: 10 },
    },
  ];
}

/** The table's rows for the figures measured (all of them in a full run), in figure order. */
export function rows(figures: {
  relay?: RelayFigures | undefined;
  join?: JoinFigures | undefined;
  bundle?: BundleFigures | undefined;
  hostile?: HostileFigures | undefined;
  /** Figure 1c measured alone (`--only heap`); a full run has it in `relay`. */
  heap?: IdleHeapFigures | undefined;
}): Row[] {
  const { relay, join, bundle, hostile, heap } = figures;
  return [
    ...(relay ? relayRows(relay) : []),
    ...(heap ? [heapRow(heap)] : []),
    ...(join ? joinRows(join) : []),
    ...(bundle ? bundleRows(bundle) : []),
    ...(relay ? twoNodeRows(relay) : []),
    ...(hostile ? hostileRows(hostile) : []),
  ];
}

/** How far stock Socket.IO itself is from raw ws: the part of 1a–1c that is not room-call's. */
export function relayNote(relay: RelayFigures): string {
  const { stockSocketIo: stock, rawWs: raw } = relay;
  return [
    `Stock Socket.IO against raw ws in the same run: throughput per CPU-second`,
    `${n(stock.relaysPerCpuSecond / raw.relaysPerCpuSecond, 2)}×, round trip p99`,
    `${n(stock.rttP99Ms / raw.rttP99Ms, 2)}×, idle heap per socket`,
    `${n(relay.heap.stockSocketIo / relay.heap.rawWs, 2)}×.`,
  ].join(' ');
}

/** Figure 1c measured alone: how far stock Socket.IO itself is from raw ws. */
export function heapNote(heap: IdleHeapFigures): string {
  return `Stock Socket.IO against raw ws in the same run: idle heap per socket ${n(heap.stockSocketIo / heap.rawWs, 2)}×.`;
}

/** What figure 3 is made of, and the Korean lobby. */
export function bundleNote(bundle: BundleFigures): string {
  const ratio = (bytes: number) => `${n(bytes / bundle.helloBytes, 2)}×`;
  return [
    `Figure 3b is the lobby's JavaScript plus the room chunk (pre-join view, local media, the`,
    `call controller); the call chunk (call views, signaling with Socket.IO, WebRTC) is fetched`,
    `once the preview shows. The hello world loads socket.io-client up front; neither view of`,
    `room-call does. The lobby in a Korean browser, whose dictionary is fetched before the first`,
    `render: ${kib(bundle.lobbyKorean.bytes)} (${ratio(bundle.lobbyKorean.bytes)}).`,
  ].join(' ');
}

const met = ({ ratio, target }: Row) =>
  target.op === '≥' ? ratio >= target.value : ratio <= target.value;

export function table(list: Row[]): string {
  const lines = [
    '| Figure | room-call | Baseline (same run) | Ratio | Target | Met | Also measured (ratio) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...list.map(
      (r) =>
        `| ${r.figure} | ${r.ours} | ${r.baseline} | ${n(r.ratio, 2)}× | ${r.target.op} ${r.target.value}× | ${met(r) ? 'yes' : 'no'} | ${r.also ?? '—'} |`,
    ),
  ];
  return lines.join('\n');
}

export function machine(extra: {
  chromium: string;
  redis: string;
  seconds: number;
  loadBefore: number[];
}): string {
  const cpu = cpus();
  return [
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${n(totalmem() / 2 ** 30, 1)} GiB RAM;`,
    `Node ${process.version}, Chromium ${extra.chromium}, ${extra.redis};`,
    `load average ${extra.loadBefore.map((l) => n(l, 1)).join(' / ')} before and ${loadavg()
      .map((l) => n(l, 1))
      .join(' / ')} after; the run took ${n(extra.seconds)} s.`,
  ].join(' ');
}
