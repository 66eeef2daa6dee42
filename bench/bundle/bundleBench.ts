/**
 * Initial JavaScript, gzipped: the app as built for production (dist/web) against a
 * React + react-dom + socket.io-client + zustand hello world built in the same
 * run with the same Vite and target.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const root = new URL('../..', import.meta.url).pathname;
const work = join(root, 'bench/results/bundle');

const HELLO_HTML = `<!doctype html>
<html><head><meta charset="UTF-8" /><title>hello</title></head>
<body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>
`;

// Uses each library for real, so nothing is shaken out that an app would ship.
const HELLO_MAIN = `import { createRoot } from 'react-dom/client';
import { create } from 'zustand';
import { io } from 'socket.io-client';

const useCount = create((set) => ({ n: 0, inc: () => set((s) => ({ n: s.n + 1 })) }));
const socket = io({ transports: ['websocket'], autoConnect: false });
socket.on('hello', () => useCount.getState().inc());

function App() {
  const n = useCount((s) => s.n);
  return <button onClick={() => { useCount.getState().inc(); socket.connect(); }}>Hello {n}</button>;
}

createRoot(document.getElementById('root')).render(<App />);
`;

/** Gzipped bytes of the scripts index.html loads at once (entry and module preloads). */
function initialJsGzip(outDir: string): number {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  if (refs.length === 0) throw new Error(`no scripts in ${outDir}/index.html`);
  return refs.reduce(
    (sum, ref) => sum + gzipSync(readFileSync(join(outDir, ref)), { level: 9 }).length,
    0,
  );
}

export interface BundleFigures {
  appBytes: number;
  helloBytes: number;
}

export async function runBundleBench(): Promise<BundleFigures> {
  rmSync(work, { recursive: true, force: true });
  const helloDir = join(work, 'hello');
  mkdirSync(helloDir, { recursive: true });
  writeFileSync(join(helloDir, 'index.html'), HELLO_HTML);
  writeFileSync(join(helloDir, 'main.jsx'), HELLO_MAIN);

  const helloOut = join(work, 'hello-dist');
  await build({
    configFile: false,
    root: helloDir,
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir: helloOut, emptyOutDir: true, target: 'es2022' },
  });
  // The app itself is built by the run (`npm run build`) just before.
  return { appBytes: initialJsGzip(join(root, 'dist/web')), helloBytes: initialJsGzip(helloOut) };
}
