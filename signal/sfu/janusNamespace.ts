/**
 * Test support: a throwaway Janus in a network namespace of its own, joined to the host by a
 * veth pair. Janus gathers no ICE candidates on loopback interfaces, so its media needs an
 * address that is not loopback; this one stays on this machine, inside the link made here.
 */
import { execFileSync } from 'node:child_process';
import { createHostLink, namespaceUnavailable } from '../namespaces.ts';
import type { HostLink } from '../namespaces.ts';
import { startJanus } from './janusProcess.ts';
import type { JanusOptions, JanusServer } from './janusProcess.ts';

/** Secrets to share between instances (one SFU_SECRET and SFU_ADMIN_KEY for all of them). */
export type JanusSecrets = Pick<JanusOptions, 'apiSecret' | 'adminKey'>;

/** How many interfaces of the host have an address in the /24 of `ip`. */
function subnetUsers(ip: string): number {
  const subnet = ip.slice(0, ip.lastIndexOf('.') + 1);
  const lines = execFileSync('ip', ['-o', '-4', 'addr', 'show']).toString().split('\n');
  return lines.filter((line) => line.includes(` inet ${subnet}`)).length;
}

/**
 * A link whose subnet no other link of the host uses: links are given a random one of 250, and
 * several Janus instances (in one test, or in test files running side by side) could meet on
 * one, which would route one's traffic to the other. The one made last sees the clash and tries
 * another.
 */
function uniqueHostLink(): HostLink {
  for (let attempt = 0; ; attempt++) {
    const link = createHostLink();
    if (subnetUsers(link.hostIp) === 1 || attempt >= 20) return link;
    link.destroy();
  }
}

/**
 * Janus in a namespace of its own; `stop()` also removes the namespace. Where namespaces cannot
 * be built (not root), Janus runs on the host and gathers on its non-loopback interfaces, so its
 * media still stays on this machine but uses the host's own address.
 */
/** Janus and, where it has one, the link to its namespace (tests cut its media there). */
export type NamespacedJanus = JanusServer & { link?: HostLink };

export async function startJanusInNamespace(secrets: JanusSecrets = {}): Promise<NamespacedJanus> {
  if (namespaceUnavailable() !== null) return startJanus(secrets);
  const link = uniqueHostLink();
  try {
    const janus = await startJanus({
      ...secrets,
      prefix: link.exec,
      host: link.nsIp,
      iceEnforceList: 'eth0',
    });
    return {
      ...janus,
      link,
      stop: async () => {
        await janus.stop();
        link.destroy();
      },
    };
  } catch (err) {
    link.destroy();
    throw err;
  }
}
