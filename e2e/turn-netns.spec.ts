/**
 * Two browsers in network namespaces that cannot reach each other; the app and
 * coturn live in a third namespace that both can reach. The call can only
 * connect through the TURN relay. Needs root, like CI has (see .ci/run).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { startProcess } from './support/appServer.ts';
import type { AppServer } from './support/appServer.ts';
import { startCoturn } from './support/coturn.ts';
import type { Coturn } from './support/coturn.ts';
import { createTopology } from './support/isolatedNetworks.ts';
import type { ClientSide, Topology } from './support/isolatedNetworks.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { mediaStats } from './support/stats.ts';

test('across two networks with no route between them, the call connects through TURN', async ({
  launchOptions,
}) => {
  test.setTimeout(120_000);
  const cleanup: (() => Promise<unknown>)[] = [];
  const browsers: Browser[] = [];
  try {
    const net: Topology = await createTopology();
    cleanup.push(() => net.destroy());

    // The clients really are cut off from each other, and the server side does not route.
    await expect(net.ip('-n', net.a.ns, 'route', 'get', net.b.ip)).rejects.toThrow(/unreachable/);
    await expect(net.ip('-n', net.b.ns, 'route', 'get', net.a.ip)).rejects.toThrow(/unreachable/);
    const forwarding = await net.ip(
      'netns',
      'exec',
      net.server,
      'cat',
      '/proc/sys/net/ipv4/ip_forward',
    );
    expect(forwarding.trim()).toBe('0');

    const turn: Coturn = await startCoturn({
      ip: net.a.serverIp,
      moreIps: [net.b.serverIp],
      wrap: net.exec(net.server),
    });
    cleanup.push(() => turn.stop());
    // Each side reaches coturn on the address of its own link.
    const turnUrls = [net.a.serverIp, net.b.serverIp]
      .map((host) => `turn:${host}:${turn.port}?transport=udp`)
      .join(',');

    const app: AppServer = await startProcess({
      command: net.exec(net.server)[0] ?? 'ip',
      args: [...net.exec(net.server).slice(1), process.execPath, 'dist/server/main.js'],
      env: {
        PORT: '0',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'info',
        RESUME_SECRET: randomBytes(24).toString('base64url'),
        TURN_URLS: turnUrls,
        TURN_SECRET: turn.secret,
      },
      portFrom: (line) => {
        const match = /listening on http:\/\/localhost:(\d+)/.exec(line);
        return match?.[1] ? Number(match[1]) : null;
      },
    });
    cleanup.push(() => app.stop());

    const scripts = await mkdtemp(join(tmpdir(), 'room-call-netns-'));
    cleanup.push(() => rm(scripts, { recursive: true, force: true }));
    const browserPath = launchOptions.executablePath ?? chromium.executablePath();

    /** A person whose browser runs inside one client namespace. */
    const personIn = async (side: ClientSide, name: string): Promise<[Participant, string]> => {
      const origin = `http://${side.serverIp}:${app.port}`;
      const wrapper = join(scripts, `chromium-${side.ns}`);
      await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${side.ns} ${browserPath} "$@"\n`);
      await chmod(wrapper, 0o755);
      const browser = await chromium.launch({
        ...launchOptions,
        executablePath: wrapper,
        // Camera access needs a secure context; this test origin is plain HTTP on a private link.
        args: [
          ...(launchOptions.args ?? []),
          `--unsafely-treat-insecure-origin-as-secure=${origin}`,
        ],
      });
      browsers.push(browser);
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      const person: Participant = { name, engine: 'chromium', context, page, errors: [] };
      page.on('pageerror', (err) => person.errors.push(err));
      return [person, origin];
    };

    const [ada, adaUrl] = await personIn(net.a, 'Ada');
    const [ben, benUrl] = await personIn(net.b, 'Ben');
    // Default policy: every path is allowed, yet only the relay can work here.
    await joinCall(ada, adaUrl, 'no route');
    await joinCall(ben, benUrl, 'no route');
    await expect(tileOf(ada, 'Ben')).toBeVisible();
    await expectMediaFlowing(ada, 1, { timeout: 45_000 });
    await expectMediaFlowing(ben, 1, { timeout: 45_000 });
    for (const p of [ada, ben]) {
      // Polled: ICE may still switch between equally good relay pairs for a moment.
      await expect
        .poll(
          async () => {
            const [stats] = await mediaStats(p.page);
            const types = [stats?.localCandidateType, stats?.remoteCandidateType];
            return { succeeded: stats?.pairSucceeded, viaRelay: types.includes('relay') };
          },
          { message: `${p.name}: selected pair succeeded and uses the relay`, timeout: 20_000 },
        )
        .toEqual({ succeeded: true, viaRelay: true });
      expect(p.errors).toEqual([]);
    }
  } finally {
    for (const browser of browsers) await browser.close();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
});
