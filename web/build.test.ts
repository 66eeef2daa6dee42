import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
let outDir = '';
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const secrets = {
  TURN_SECRET: `turn-${randomBytes(18).toString('hex')}`,
  RESUME_SECRET: `resume-${randomBytes(18).toString('hex')}`,
  // A prefix Vite would expose if the config ever widened `envPrefix`.
  VITE_TURN_SECRET: `vite-${randomBytes(18).toString('hex')}`,
};

// One production build, with secrets in its environment, for every test below.
beforeAll(async () => {
  // Vitest sets NODE_ENV=test, which would build React's development bundle.
  const env = { ...secrets, NODE_ENV: 'production' };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  outDir = await mkdtemp(join(tmpdir(), 'room-call-build-'));
  try {
    await build({
      root: join(root, 'web'),
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}, 120_000);

/** The scripts an HTML page of the build loads by itself (entry and module preloads). */
async function scriptsOf(page: string): Promise<string[]> {
  const html = await readFile(join(outDir, page), 'utf8');
  return [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('the built web app', () => {
  it('contains no server secret, even when the build runs with secrets in its environment', async () => {
    const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const leaks: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      for (const [name, value] of Object.entries(secrets)) {
        if (text.includes(value)) leaks.push(`${file}: value of ${name}`);
        if (text.includes(name)) leaks.push(`${file}: name ${name}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('keeps Socket.IO, WebRTC and the Korean dictionary out of what the lobby loads', async () => {
    const lobby = await scriptsOf('index.html');
    expect(lobby.length).toBeGreaterThan(0);
    for (const file of lobby) {
      const code = await readFile(join(outDir, file), 'utf8');
      expect(code, file).not.toContain('RTCPeerConnection');
      expect(code, file).not.toContain('/socket.io');
      expect(code, file).not.toContain('방 이름');
    }
  });

  it("preloads the room chunk in room.html, the page for a room's URL, and leaves the call's code to later", async () => {
    const lobby = await scriptsOf('index.html');
    const room = await scriptsOf('room.html');
    expect(room.slice(0, lobby.length)).toEqual(lobby);
    const extra = room.slice(lobby.length);
    expect(extra.length).toBeGreaterThan(0);
    const code = (await Promise.all(extra.map((f) => readFile(join(outDir, f), 'utf8')))).join(
      '\n',
    );
    // Pre-join's own code (camera preview, local media), not the call's (WebRTC, Socket.IO).
    expect(code).toContain('getUserMedia');
    expect(code).not.toContain('RTCPeerConnection');
    expect(code).not.toContain('/socket.io');
    const assets = await readdir(join(outDir, 'assets'));
    const call = assets.filter((f) => /^call-.*\.js$/.test(f));
    expect(call).toHaveLength(1);
    const callCode = await readFile(join(outDir, 'assets', call[0] ?? ''), 'utf8');
    expect(callCode).toContain('RTCPeerConnection');
  });
});
