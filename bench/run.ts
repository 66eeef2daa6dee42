/**
 * `npm run bench`: builds the app, runs every benchmark against its baseline
 * in this same run, and prints one table. `--update-docs` also writes it into
 * docs/performance.md; `--only bundle` runs only figure 3 (initial JS), `--only hostile`
 * only figure 5 (ping under attack), `--only relay` only figures 1 and 4 (the server),
 * each writing bench/results/latest-<name>.*.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runBundleBench } from './bundle/bundleBench.ts';
import { runJoinBench } from './browser/joinToFrameBench.ts';
import { runRelayBench } from './relay/relayBench.ts';
import { runHostileBench } from './hostile/pingUnderAttackBench.ts';
import type { HostileFigures } from './hostile/pingUnderAttackBench.ts';
import type { BundleFigures } from './bundle/bundleBench.ts';
import { bundleNote, machine, relayNote, rows, table } from './report.ts';
import type { JoinFigures } from './browser/joinToFrameBench.ts';
import type { RelayFigures } from './relay/relayBench.ts';

const root = new URL('..', import.meta.url).pathname;
const JOIN_RUNS = 10;
const progress = (line: string) => console.error(`bench: ${line}`);

const started = performance.now();
const loadBefore = loadavg();

// `--only bundle` runs figure 3 alone, `--only hostile` figure 5, `--only relay` figures 1 and 4.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : process.argv[onlyAt + 1];
if (only !== null && only !== 'bundle' && only !== 'hostile' && only !== 'relay') {
  console.error(`bench: --only takes 'bundle', 'hostile' or 'relay', not ${only ?? 'nothing'}`);
  process.exit(2);
}
if (only !== null && process.argv.includes('--update-docs')) {
  console.error('bench: --update-docs needs a full run');
  process.exit(2);
}

let bundle: BundleFigures | undefined;
if (only === null || only === 'bundle') {
  progress('building the app (the product, and the e2e build whose hooks the join bench reads)');
  for (const script of only === 'bundle' ? ['build'] : ['build', 'build:e2e']) {
    const built = spawnSync('npm', ['run', script], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  progress('initial JS against a hello world');
  bundle = await runBundleBench();
}
let relay: RelayFigures | undefined;
let join_: JoinFigures | undefined;
let hostile: HostileFigures | undefined;
if (only === null || only === 'relay') {
  progress('relay: room-call against stock Socket.IO and raw ws, and two nodes on Redis');
  relay = await runRelayBench(progress);
}
if (only === null) {
  progress(`join to first frame: app against in-page floor, ${JOIN_RUNS} runs each`);
  join_ = await runJoinBench(JOIN_RUNS);
}
if (only === null || only === 'hostile') {
  progress('ping under attack: hostile clients against the idle server');
  hostile = await runHostileBench();
}

const redis = /v=(\S+)/.exec(
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout,
)?.[1];
const note = [relay && relayNote(relay), bundle && bundleNote(bundle)]
  .filter(Boolean)
  .map((text) => `${text}\n\n`)
  .join('');
const output = `${table(rows({ relay, join: join_, bundle, hostile }))}\n\n${note}${machine({
  chromium: join_?.browserVersion ?? bundle?.browserVersion ?? 'not used',
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
  JSON.stringify({ relay, join: join_, bundle, hostile }, null, 2),
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
