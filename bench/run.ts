/**
 * `npm run bench`: builds the app, runs every benchmark against its baseline
 * in this same run, and prints one table. `--update-docs` also writes it into
 * docs/performance.md; `--only relay` runs only figures 1 and 4 (the server), `--only join`
 * only figure 2 (join to first frame), `--only bundle` only figure 3 (initial JS), `--only
 * hostile` only figure 5 (ping under attack), `--only heap` only figure 1c (idle heap per socket),
 * `--only blur` only the background blur figures (bench/blur/), `--only sfu-join` only an SFU
 * room's join beside a mesh room's (bench/browser/sfuJoinBench.ts),
 * each writing bench/results/latest-<name>.*.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runBundleBench } from './bundle/bundleBench.ts';
import { runJoinBench } from './browser/joinToFrameBench.ts';
import { runRelayBench } from './relay/relayBench.ts';
import { runIdleHeapBench } from './relay/idleHeapBench.ts';
import { runHostileBench } from './hostile/pingUnderAttackBench.ts';
import { blurNote, runBlurBench } from './blur/blurBench.ts';
import type { BlurFigures } from './blur/blurBench.ts';
import { runSfuJoinBench, sfuJoinNote } from './browser/sfuJoinBench.ts';
import type { SfuJoinFigures } from './browser/sfuJoinBench.ts';
import type { HostileFigures } from './hostile/pingUnderAttackBench.ts';
import type { BundleFigures } from './bundle/bundleBench.ts';
import {
  bundleNote,
  heapNote,
  joinTimelineNote,
  machine,
  relayNote,
  rows,
  table,
} from './report.ts';
import type { JoinFigures } from './browser/joinToFrameBench.ts';
import type { RelayFigures } from './relay/relayBench.ts';
import type { IdleHeapFigures } from './relay/idleHeapBench.ts';

const root = new URL('..', import.meta.url).pathname;
/** Runs of each system per round of the join bench (five rounds; the SFU join's three). */
const JOIN_RUNS_PER_ROUND = 3;
const progress = (line: string) => console.error(`bench: ${line}`);

const started = performance.now();
const loadBefore = loadavg();

// `--only <figure>` runs one part alone, into bench/results/latest-<figure>.*.
const PARTS = ['relay', 'heap', 'join', 'sfu-join', 'bundle', 'hostile', 'blur'];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : process.argv[onlyAt + 1];
if (only !== null && !PARTS.includes(only ?? '')) {
  console.error(`bench: --only takes one of ${PARTS.join(', ')}, not ${only ?? 'nothing'}`);
  process.exit(2);
}
if (only !== null && process.argv.includes('--update-docs')) {
  console.error('bench: --update-docs needs a full run');
  process.exit(2);
}
const runs = (part: string) => only === null || only === part;

// The product for figure 3, the e2e build (whose hooks the join bench reads) for figure 2.
const builds = [
  ...(runs('bundle') ? ['build'] : []),
  ...(runs('join') || runs('sfu-join') || runs('blur') ? ['build:e2e'] : []),
];
if (builds.length > 0) progress(`building: ${builds.join(', ')}`);
for (const script of builds) {
  const built = spawnSync('npm', ['run', script], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
let bundle: BundleFigures | undefined;
if (runs('bundle')) {
  progress('initial JS against a hello world');
  bundle = await runBundleBench();
}
let relay: RelayFigures | undefined;
let join_: JoinFigures | undefined;
let hostile: HostileFigures | undefined;
let heap: IdleHeapFigures | undefined;
if (runs('relay')) {
  progress('relay: room-call against stock Socket.IO and raw ws, and two nodes on Redis');
  relay = await runRelayBench(progress);
}
// Figure 1c is part of the relay bench; `--only heap` measures it alone, the same way.
if (only === 'heap') {
  progress('idle heap per joined socket: room-call against stock Socket.IO and raw ws');
  heap = await runIdleHeapBench(progress);
}
if (runs('join')) {
  progress(
    'join to first frame: app, minimal two-page call, in-page floor, each in its own browser',
  );
  join_ = await runJoinBench(JOIN_RUNS_PER_ROUND, progress);
}
let sfuJoin: SfuJoinFigures | undefined;
if (runs('sfu-join')) {
  progress("an SFU room's join against a mesh room's, each in its own browser");
  sfuJoin = await runSfuJoinBench(JOIN_RUNS_PER_ROUND, progress);
}
let blur: BlurFigures | undefined;
if (runs('blur')) {
  progress('background blur: fps and CPU against the raw camera');
  blur = await runBlurBench(progress);
}
if (runs('hostile')) {
  progress('ping under attack: hostile clients against a server in its own process');
  hostile = await runHostileBench();
}

const redis = /v=(\S+)/.exec(
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout,
)?.[1];
const note = [
  relay && relayNote(relay),
  heap && heapNote(heap),
  join_ && joinTimelineNote(join_),
  sfuJoin && sfuJoinNote(sfuJoin),
  bundle && bundleNote(bundle),
  blur && blurNote(blur),
]
  .filter(Boolean)
  .map((line) => `${line}\n\n`)
  .join('');
const output = `${table(rows({ relay, join: join_, bundle, hostile, heap }))}\n\n${note}${machine({
  chromium:
    join_?.browserVersion ??
    sfuJoin?.browserVersion ??
    bundle?.browserVersion ??
    blur?.browserVersion ??
    'not used',
  redis: `Redis ${redis ?? 'unknown'}`,
  seconds: (performance.now() - started) / 1000,
  loadBefore,
})}\n`;
console.log(output);

mkdirSync(join(root, 'bench/results'), { recursive: true });
const results = only === null ? 'latest' : `latest-${only}`;
writeFileSync(join(root, `bench/results/${results}.md`), output);
writeFileSync(
  join(root, `bench/results/${results}.json`),
  JSON.stringify({ relay, heap, join: join_, sfuJoin, bundle, hostile, blur }, null, 2),
);

if (process.argv.includes('--update-docs')) {
  const doc = join(root, 'docs/performance.md');
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${doc} lacks the ${start} … ${end} markers`);
  writeFileSync(doc, `${text.slice(0, a + start.length)}\n${output}${text.slice(b)}`);
  progress('docs/performance.md updated');
}
