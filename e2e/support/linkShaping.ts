/**
 * A bad network, made in the kernel on a SplitNetwork (netns.ts): a rate cap on a side's link
 * each way (a token bucket on the egress of both its ends: the side's eth0 is its upload, the
 * router's port its download), and random loss of the UDP the router forwards (nftables), which
 * every media packet between two sides crosses exactly once. This kernel has no netem, so no
 * delay is added: the only delay is the queue a saturated bucket builds.
 */
import { execFileSync } from 'node:child_process';
import type { Side, SplitNetwork } from './netns.ts';

/** How long a saturated link may queue before it drops, as a home router's buffer would. */
const QUEUE_MS = 100;

const run = (args: string[], input?: string) =>
  execFileSync(args[0] ?? 'true', args.slice(1), {
    stdio: 'pipe',
    ...(input !== undefined && { input }),
  }).toString();

export interface LinkShaper {
  /** Caps the side's link at `kbit` kbit/s each way; called again, changes the rate in place. */
  rate(side: Side, kbit: number): void;
  /** Drops `pct` % of the UDP forwarded between sides, each way, at random. */
  loss(pct: number): void;
  /** UDP packets the router forwarded and how many of them the loss rule dropped. */
  lossCounters(): { forwarded: number; dropped: number };
}

export function linkShaper(net: SplitNetwork): LinkShaper {
  const inRouter = net.exec(net.router);
  return {
    rate(side, kbit) {
      // The bucket holds two full packets, or 20 ms at this rate when that is more.
      const burst = Math.max(3000, Math.round((kbit * 1000) / 8 / 50));
      for (const [ns, dev] of [
        [side.ns, 'eth0'],
        [net.router, side.port],
      ] as const) {
        const tbf = `qdisc replace dev ${dev} root tbf rate ${kbit}kbit burst ${burst} latency ${QUEUE_MS}ms`;
        run([...net.exec(ns), 'tc', ...tbf.split(' ')]);
      }
    },
    loss(pct) {
      run(
        [...inRouter, 'nft', '-f', '-'],
        `table ip shaping {
          chain forward {
            type filter hook forward priority filter; policy accept;
            meta l4proto udp counter
            meta l4proto udp numgen random mod 100 < ${pct} counter drop
          }
        }`,
      );
    },
    lossCounters() {
      const listing = JSON.parse(
        run([...inRouter, 'nft', '-j', 'list', 'table', 'ip', 'shaping']),
      ) as { nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[] };
      const counts = listing.nftables.flatMap(
        (item) => item.rule?.expr.flatMap((e) => (e.counter ? [e.counter.packets] : [])) ?? [],
      );
      return { forwarded: counts[0] ?? 0, dropped: counts[1] ?? 0 };
    },
  };
}
