/**
 * Three network namespaces made for one test: a server namespace linked by a
 * veth pair to each of two client namespaces. The clients have no route to
 * each other and the server namespace does not forward, so the only way
 * between them is through something listening in the server namespace (TURN).
 * Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClientSide {
  ns: string;
  /** This client's own address. */
  ip: string;
  /** The server namespace's address on this client's link. */
  serverIp: string;
}

export interface Topology {
  server: string;
  a: ClientSide;
  b: ClientSide;
  /** Command prefix that runs a program inside a namespace. */
  exec(ns: string): string[];
  /** Runs `ip` with these arguments; rejects when it fails. */
  ip(...args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

const ip = async (...args: string[]) => (await run('ip', args)).stdout;

export async function createTopology(): Promise<Topology> {
  const id = randomBytes(3).toString('hex');
  const net = randomInt(100, 250);
  const server = `rc-srv-${id}`;
  const a: ClientSide = { ns: `rc-a-${id}`, ip: `10.${net}.1.2`, serverIp: `10.${net}.1.1` };
  const b: ClientSide = { ns: `rc-b-${id}`, ip: `10.${net}.2.2`, serverIp: `10.${net}.2.1` };
  const created: string[] = [];
  const destroy = async () => {
    for (const ns of created.reverse()) await ip('netns', 'del', ns).catch(() => undefined);
  };
  try {
    for (const ns of [server, a.ns, b.ns]) {
      await ip('netns', 'add', ns);
      created.push(ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    for (const [side, tag] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      // Interface names are at most 15 characters.
      const serverEnd = `rcs${tag}${id}`;
      const clientEnd = `rcc${tag}${id}`;
      await ip('link', 'add', serverEnd, 'type', 'veth', 'peer', 'name', clientEnd);
      await ip('link', 'set', serverEnd, 'netns', server);
      await ip('link', 'set', clientEnd, 'netns', side.ns);
      await ip('-n', server, 'addr', 'add', `${side.serverIp}/24`, 'dev', serverEnd);
      await ip('-n', server, 'link', 'set', serverEnd, 'up');
      await ip('-n', side.ns, 'addr', 'add', `${side.ip}/24`, 'dev', clientEnd);
      await ip('-n', side.ns, 'link', 'set', clientEnd, 'up');
    }
  } catch (err) {
    await destroy();
    throw new Error(`could not build the network namespaces (root and iproute2 needed)`, {
      cause: err,
    });
  }
  return {
    server,
    a,
    b,
    exec: (ns) => ['ip', 'netns', 'exec', ns],
    ip,
    destroy,
  };
}
