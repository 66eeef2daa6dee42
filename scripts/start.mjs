// `npm start`: build when the sources are newer than the build, then serve it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const outputs = ['dist/web/index.html', 'dist/server/main.js'].map((p) => join(root, p));
const sources = ['web', 'signal', 'vite.config.ts', 'package-lock.json', 'tsconfig.server.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const built = outputs.every((p) => existsSync(p));
const builtAt = built ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const changedAt = Math.max(
  ...sources
    .map((p) => join(root, p))
    .filter(existsSync)
    .map(newest),
);
if (!built || changedAt > builtAt) {
  console.log('room-call: building…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(join(root, 'dist/server/main.js'));
