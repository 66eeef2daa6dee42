import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
let outDir = '';
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the built web app', () => {
  it('contains no server secret, even when the build runs with secrets in its environment', async () => {
    const secrets = {
      TURN_SECRET: `turn-${randomBytes(18).toString('hex')}`,
      RESUME_SECRET: `resume-${randomBytes(18).toString('hex')}`,
      // A prefix Vite would expose if the config ever widened `envPrefix`.
      VITE_TURN_SECRET: `vite-${randomBytes(18).toString('hex')}`,
    };
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
  }, 120_000);
});
