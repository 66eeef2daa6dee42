/**
 * A private network for one test, built from Linux network namespaces (root only):
 *
 *   [ns a] eth0 10.231.1.2 ── ra 10.231.1.1 [ns r] rb 10.231.2.1 ── eth0 10.231.2.2 [ns b]
 *
 * (with `sides: 3`, a third `c` on 10.231.3.0/24 through the router's `rc`).
 * The server side runs in `r` and is reached by each side on its own link. Routed (the
 * default), media between `a` and `b` goes through `r`; turning forwarding off in `r` cuts the
 * media path only: both links stay up and signaling keeps working, so neither browser sees an
 * interface change, just packets that no longer arrive. Not routed, `a` and `b` have no route to
 * each other at all and `r` does not forward: only something listening in `r` (TURN) joins them.
 * Nothing is connected to the host's own network.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteNamespace } from '../../signal/namespaces.ts';
import type { Engine } from './browsers.ts';

const bidiBridge = new URL('netnsBrowser.mjs', import.meta.url).pathname;

export interface Side {
  ns: string;
  /** The address of this side's own interface. */
  ip: string;
  /** The router's address on this side's link (where the server is reached). */
  gateway: string;
  /** The router's end of this side's link (its egress is what this side downloads). */
  port: string;
}

export interface SplitNetwork {
  router: string;
  /** Command prefix that runs a program inside a namespace. */
  exec(ns: string): string[];
  /** Runs `ip` with these arguments; throws when it fails. */
  ip(...args: string[]): string;
  a: Side;
  b: Side;
  /** Every side, a and b first. */
  sides: Side[];
  /** Stops routing between a and b (signaling to the router is untouched). */
  cutMedia(): void;
  restoreMedia(): void;
  /** An executable that runs the browser at `executable` inside the side's namespace. */
  browserIn(side: Side, executable: string, engine?: Engine): string;
  /** Kills what still runs in the namespaces and deletes them. Idempotent. */
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' }).toString();

/** Why this machine cannot build namespaces, or null when it can. */
export { namespaceUnavailable as netnsUnavailable } from '../../signal/namespaces.ts';

export function createSplitNetwork({
  routed = true,
  sides: count = 2,
}: { routed?: boolean; sides?: 2 | 3 } = {}): SplitNetwork {
  const tag = `rc${process.pid % 100_000}${Math.floor(Math.random() * 1000)}`;
  const router = `${tag}r`;
  const sides = ['a', 'b', 'c'].slice(0, count).map((name, i): Side => ({
    ns: `${tag}${name}`,
    ip: `10.231.${i + 1}.2`,
    gateway: `10.231.${i + 1}.1`,
    port: `r${name}`,
  }));
  const [a, b] = sides as [Side, Side];
  const scratch = mkdtempSync(join(tmpdir(), 'room-call-netns-'));
  const created: string[] = [];

  const sysctl = (ns: string, setting: string) =>
    execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', setting], { stdio: 'pipe' });

  const destroy = () => {
    for (const ns of created.splice(0)) deleteNamespace(ns);
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    for (const ns of [router, ...sides.map((side) => side.ns)]) {
      ip('netns', 'add', ns);
      created.push(ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      // IPv4 only: link-local IPv6 would give ICE paths that bypass the router.
      sysctl(ns, 'net.ipv6.conf.all.disable_ipv6=1');
      sysctl(ns, 'net.ipv6.conf.default.disable_ipv6=1');
    }
    for (const side of sides) {
      const { port } = side;
      ip(
        '-n',
        router,
        'link',
        'add',
        port,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        side.ns,
      );
      ip('-n', router, 'addr', 'add', `${side.gateway}/24`, 'dev', port);
      ip('-n', router, 'link', 'set', port, 'up');
      ip('-n', side.ns, 'addr', 'add', `${side.ip}/24`, 'dev', 'eth0');
      ip('-n', side.ns, 'link', 'set', 'eth0', 'up');
      if (routed) ip('-n', side.ns, 'route', 'add', 'default', 'via', side.gateway);
    }
    sysctl(router, `net.ipv4.ip_forward=${routed ? 1 : 0}`);
  } catch (err) {
    destroy();
    throw err;
  }

  return {
    router,
    exec: (ns) => ['ip', 'netns', 'exec', ns],
    ip,
    a,
    b,
    sides,
    cutMedia: () => sysctl(router, 'net.ipv4.ip_forward=0'),
    restoreMedia: () => sysctl(router, 'net.ipv4.ip_forward=1'),
    browserIn(side, executable, engine = 'chromium') {
      const path = join(scratch, `${engine}-${side.ns}`);
      // Chromium talks to Playwright over inherited pipes, which cross namespaces as they are;
      // Firefox serves a WebSocket on its namespace's loopback, which needs a bridge.
      const command =
        engine === 'chromium'
          ? `ip netns exec ${side.ns} ${executable}`
          : `${process.execPath} ${bidiBridge} ${side.ns} ${executable}`;
      writeFileSync(path, `#!/bin/sh\nexec ${command} "$@"\n`);
      chmodSync(path, 0o755);
      return path;
    },
    destroy,
  };
}
