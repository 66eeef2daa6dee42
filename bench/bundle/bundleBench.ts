/**
 * Initial JavaScript, gzipped: what a browser fetches before the lobby first
 * renders, for the app as built for production (dist/web, served by its own
 * server) against a React + react-dom + socket.io-client + zustand hello world
 * built in the same run with the same Vite and target.
 *
 * Measured in Chromium, not read off index.html, so that code splitting cannot
 * hide anything: every script whose fetch started before the view appeared in
 * the DOM counts (entry, module preloads, and any dynamic import the page waits
 * for before rendering, such as a non-English dictionary), each gzipped at
 * level 9 from the file on disk. Scripts fetched after the view appeared (the
 * room chunk the lobby prefetches when idle) are not initial. The same is
 * measured for a direct load of a room's URL (pre-join needs the room chunk too)
 * and for the lobby in a Korean browser.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import sirv from 'sirv';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromiumLaunchOptions } from '../../e2e/support/browsers.ts';
import { PRODUCTION_SERVER, startApp } from '../../e2e/support/appServer.ts';

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

/** Scripts a page loaded before a view showed, and their gzipped size. */
export interface PageJs {
  /** Paths as the page requested them, in the order their fetches started. */
  files: string[];
  bytes: number;
}

export interface BundleFigures {
  /** The lobby (`/`) in an English browser: the figure compared with the hello world. */
  appBytes: number;
  helloBytes: number;
  lobby: PageJs;
  /** A room's URL loaded directly, until the pre-join view shows (lobby JS + room chunk). */
  preJoin: PageJs;
  /** The lobby in a Korean browser (its dictionary is fetched before the first render). */
  lobbyKorean: PageJs;
  hello: PageJs;
  browserVersion: string;
}

declare global {
  interface Window {
    __viewShownAt?: number;
  }
}

/** The scripts a page's HTML loads by itself (entry and module preloads). */
function staticScripts(outDir: string, page: string): string[] {
  const html = readFileSync(join(outDir, page), 'utf8');
  return [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
}

const gzipBytes = (outDir: string, files: string[]) =>
  files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length,
    0,
  );

/**
 * Opens `url` in a fresh context and returns the scripts whose fetch started
 * before a `tag` element reading `text` was first in the DOM.
 */
async function scriptsBeforeView(
  browser: Browser,
  outDir: string,
  url: string,
  view: { tag: string; text: string; locale: string; html: string },
): Promise<PageJs> {
  const context = await browser.newContext({ locale: view.locale });
  try {
    const page = await context.newPage();
    await page.addInitScript(({ tag, text }) => {
      const observer = new MutationObserver(() => {
        for (const element of document.getElementsByTagName(tag)) {
          if (element.textContent.trim() !== text) continue;
          window.__viewShownAt = performance.now();
          observer.disconnect();
          return;
        }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    }, view);
    await page.goto(url);
    await page.waitForFunction(() => window.__viewShownAt !== undefined, null, {
      timeout: 30_000,
    });
    // Let every fetch that started in time finish, so it has a resource timing entry.
    await page.waitForLoadState('networkidle');
    const files = await page.evaluate(() => {
      const shown = window.__viewShownAt ?? 0;
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= shown)
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && u.pathname.endsWith('.js'))
        .map((u) => u.pathname);
    });
    const missing = staticScripts(outDir, view.html).filter((f) => !files.includes(f));
    if (missing.length > 0)
      throw new Error(`${url}: the page did not load ${missing.join(', ')} before showing`);
    return { files, bytes: gzipBytes(outDir, files) };
  } finally {
    await context.close();
  }
}

/** A static file server for a built hello world (index.html for every path). */
async function serve(dir: string) {
  const handler = sirv(dir, { single: true });
  const server = createServer((req, res) => {
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
  const appOut = join(root, 'dist/web');
  // The product as `npm run build` makes it (dist/), whose files are weighed below.
  const app = await startApp({}, 0, { server: PRODUCTION_SERVER });
  const helloServer = await serve(helloOut);
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const lobby = await scriptsBeforeView(browser, appOut, `${app.url}/`, {
      tag: 'button',
      text: 'Join',
      locale: 'en-US',
      html: 'index.html',
    });
    const preJoin = await scriptsBeforeView(browser, appOut, `${app.url}/r/bench-bundle`, {
      tag: 'button',
      text: 'Join call',
      locale: 'en-US',
      // The server sends room.html (index.html plus the room chunk's preloads) for /r/….
      html: 'room.html',
    });
    const lobbyKorean = await scriptsBeforeView(browser, appOut, `${app.url}/`, {
      tag: 'button',
      text: '입장',
      locale: 'ko-KR',
      html: 'index.html',
    });
    const hello = await scriptsBeforeView(browser, helloOut, `${helloServer.url}/`, {
      tag: 'button',
      text: 'Hello 0',
      locale: 'en-US',
      html: 'index.html',
    });
    return {
      appBytes: lobby.bytes,
      helloBytes: hello.bytes,
      lobby,
      preJoin,
      lobbyKorean,
      hello,
      browserVersion: browser.version(),
    };
  } finally {
    await browser.close();
    await helloServer.close();
    await app.stop();
  }
}
