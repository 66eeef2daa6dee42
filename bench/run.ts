/**
 * `npm run bench`: builds the app, runs every benchmark against its baseline
 * in this same run, and prints one table. `--update-docs` also writes it into
 * docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runBundleBench } from './bundle/bundleBench.ts';
import { runJoinBench } from './browser/joinToFrameBench.ts';
import { runRelayBench } from './relay/relayBench.ts';
import { machine, rows, table } from './report.ts';

const root = new URL('..', import.meta.url).pathname;
const JOIN_RUNS = 10;
const progress = (line: string) => console.error(`bench: ${line}`);

const started = performance.now();
const loadBefore = loadavg();

progress('building the app');
const built = spawnSync('npm', ['run', 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) process.exit(built.status ?? 1);

progress('initial JS against a hello world');
const bundle = await runBundleBench();
progress('relay: room-call against raw ws, and two nodes on Redis');
const relay = await runRelayBench(progress);
progress(`join to first frame: app against in-page floor, ${JOIN_RUNS} runs each`);
const join_ = await runJoinBench(JOIN_RUNS);

const redis = /v=(\S+)/.exec(
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout,
)?.[1];
const output = `${table(rows(relay, join_, bundle))}\n\n${machine({
  chromium: join_.browserVersion,
  redis: `Redis ${redis ?? 'unknown'}`,
  seconds: (performance.now() - started) / 1000,
  loadBefore,
})}\n`;
console.log(output);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.md'), output);
writeFileSync(
  join(root, 'bench/results/latest.json'),
  JSON.stringify({ relay, join: join_, bundle }, null, 2),
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
