/**
 * Test support: Linux network namespaces for servers that must not sit on loopback (root and
 * iproute2; CI runs as root). `namespaceUnavailable()` says why they cannot be built here.
 */
import { execFileSync } from 'node:child_process';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' }).toString();

/** Why this machine cannot build namespaces, or null when it can. */
export function namespaceUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return 'network namespaces need root (CI runs as root)';
  }
  try {
    ip('-V');
  } catch {
    return 'the `ip` command (iproute2) is not installed';
  }
  return null;
}

/** Kills what still runs in namespace `ns` and deletes it; either may be gone already. */
export function deleteNamespace(ns: string): void {
  let pids: number[] = [];
  try {
    pids = ip('netns', 'pids', ns).split('\n').filter(Boolean).map(Number);
  } catch {
    // no namespace (yet)
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    ip('netns', 'del', ns);
  } catch {
    // already gone
  }
}

export interface HostLink {
  ns: string;
  /** The host's end of the link. */
  hostIp: string;
  /** The namespace's end (its eth0): what the host reaches it at. */
  nsIp: string;
  /** The host's end's interface name. */
  hostDevice: string;
  /** Command prefix that runs a program inside the namespace. */
  exec: string[];
  /** Kills what still runs in the namespace and deletes it (the link goes with it). */
  destroy(): void;
}

/**
 * One namespace joined to the host by a veth pair: for a server the host's browsers must reach
 * on an address that is not loopback (Janus gathers no candidates on loopback interfaces).
 * Traffic to it stays on this machine, inside the link this creates.
 */
export function createHostLink(): HostLink {
  const tag = `rc${process.pid % 100_000}${Math.floor(Math.random() * 1000)}`;
  const ns = `${tag}s`;
  const hostEnd = `${tag}h`;
  const subnet = `10.233.${Math.floor(Math.random() * 250) + 1}`;
  const link: HostLink = {
    ns,
    hostIp: `${subnet}.1`,
    nsIp: `${subnet}.2`,
    hostDevice: hostEnd,
    exec: ['ip', 'netns', 'exec', ns],
    destroy: () => {
      deleteNamespace(ns);
      try {
        ip('link', 'del', hostEnd);
      } catch {
        // went with the namespace
      }
    },
  };
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    execFileSync('ip', [
      'netns',
      'exec',
      ns,
      'sysctl',
      '-q',
      '-w',
      'net.ipv6.conf.all.disable_ipv6=1',
    ]);
    ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('addr', 'add', `${link.hostIp}/24`, 'dev', hostEnd);
    ip('link', 'set', hostEnd, 'up');
    ip('-n', ns, 'addr', 'add', `${link.nsIp}/24`, 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
  } catch (err) {
    link.destroy();
    throw err;
  }
  return link;
}
