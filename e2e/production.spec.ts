/**
 * The product as shipped (`npm run build`, dist/) carries none of the suite's hooks: every other
 * spec runs the e2e build (dist-e2e/), which adds `window.__roomCall`. Here two people call each
 * other on the production build, and nothing on `window` leads to a peer connection.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { PRODUCTION_SERVER, startApp } from './support/appServer.ts';
import { joinCall, tileOf } from './support/participant.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

test('the production build has no test hooks and exposes no peer connection on window', async ({
  participant,
}) => {
  const built = await filesUnder('dist');
  expect(built.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(1);
  for (const file of built) {
    expect(await readFile(file, 'latin1'), file).not.toContain('__roomCall');
  }
  // The e2e build does carry them, so the check above looks at the right thing.
  const e2eBuilt = await Promise.all(
    (await filesUnder('dist-e2e/web')).map((f) => readFile(f, 'latin1')),
  );
  expect(e2eBuilt.some((text) => text.includes('__roomCall'))).toBe(true);

  const app = await startApp({}, 0, { server: PRODUCTION_SERVER });
  try {
    const ann = await participant('Ann');
    const ben = await participant('Ben');
    await joinCall(ann, app.url, 'shipped');
    await joinCall(ben, app.url, 'shipped');
    // A live connection exists: Ben's video plays on Ann's page.
    await expect
      .poll(() =>
        tileOf(ann, 'Ben')
          .locator('video')
          .evaluate((v) => (v as HTMLVideoElement).currentTime),
      )
      .toBeGreaterThan(0);
    const reachable = await ann.page.evaluate(() => {
      // Two levels deep from every property of window: a peer connection anywhere there
      // would be one a script on the page (or an extension) could take.
      const found: string[] = [];
      const seen = new Set<unknown>();
      const visit = (value: unknown, path: string, depth: number) => {
        if (value === null || typeof value !== 'object' || seen.has(value)) return;
        seen.add(value);
        if (value instanceof RTCPeerConnection) found.push(path);
        if (depth === 0 || value instanceof Node) return;
        for (const key of Object.getOwnPropertyNames(value)) {
          let child: unknown;
          try {
            child = (value as Record<string, unknown>)[key];
          } catch {
            continue;
          }
          visit(child, `${path}.${key}`, depth - 1);
        }
      };
      for (const key of Object.getOwnPropertyNames(window)) {
        let value: unknown;
        try {
          value = (window as unknown as Record<string, unknown>)[key];
        } catch {
          continue;
        }
        visit(value, key, 2);
      }
      return { found, hooks: '__roomCall' in window };
    });
    expect(reachable).toEqual({ found: [], hooks: false });
  } finally {
    await app.stop();
  }
});
