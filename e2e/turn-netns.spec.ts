/**
 * Two browsers in network namespaces that cannot reach each other; the app and
 * coturn live in a third namespace that both can reach. The call can only
 * connect through the TURN relay. Needs root, as `npm test` has in CI.
 */
import type { Browser } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { startApp } from './support/appServer.ts';
import type { AppServer } from './support/appServer.ts';
import { startCoturn } from './support/coturn.ts';
import type { Coturn } from './support/coturn.ts';
import { personInNamespace } from './support/namespaceBrowsers.ts';
import { createSplitNetwork, netnsUnavailable } from './support/netns.ts';
import type { Side } from './support/netns.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { mediaStats } from './support/stats.ts';

test('across two networks with no route between them, the call connects through TURN', async ({
  playwright,
}) => {
  const unavailable = netnsUnavailable();
  test.skip(unavailable !== null, `needs its own network namespaces: ${unavailable ?? ''}`);
  test.setTimeout(120_000);
  const cleanup: (() => unknown)[] = [];
  const browsers: Browser[] = [];
  try {
    const net = createSplitNetwork({ routed: false });
    cleanup.push(() => net.destroy());

    // The clients really are cut off from each other, and the server side does not route.
    expect(() => net.ip('-n', net.a.ns, 'route', 'get', net.b.ip)).toThrow(/unreachable/);
    expect(() => net.ip('-n', net.b.ns, 'route', 'get', net.a.ip)).toThrow(/unreachable/);
    const forwarding = net.ip('netns', 'exec', net.router, 'cat', '/proc/sys/net/ipv4/ip_forward');
    expect(forwarding.trim()).toBe('0');

    const turn: Coturn = await startCoturn({
      ip: net.a.gateway,
      moreIps: [net.b.gateway],
      wrap: net.exec(net.router),
    });
    cleanup.push(() => turn.stop());
    // Each side reaches coturn on the address of its own link.
    const turnUrls = [net.a.gateway, net.b.gateway]
      .map((host) => `turn:${host}:${turn.port}?transport=udp`)
      .join(',');

    const app: AppServer = await startApp(
      { HOST: '0.0.0.0', TURN_URLS: turnUrls, TURN_SECRET: turn.secret },
      0,
      { netns: net.router },
    );
    cleanup.push(() => app.stop());
    const origins = [net.a, net.b].map((side) => `http://${side.gateway}:${app.port}`);

    /** A person whose browser runs inside one client namespace. */
    const personIn = async (side: Side, name: string): Promise<[Participant, string]> => {
      const origin = `http://${side.gateway}:${app.port}`;
      const person = await personInNamespace(playwright, net, side, name, origins, browsers);
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
    for (const step of cleanup.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
  }
});
