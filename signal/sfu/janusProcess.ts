/**
 * Test and operator support: a throwaway Janus (Debian's `janus`, or JANUS) with its videoroom
 * plugin only, its websockets transport only on a free port of 127.0.0.1 (or `host`), a random
 * API secret and videoroom admin key, and a generated config in its own temporary directory.
 */
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { launch } from '../processLauncher.ts';
import type { Launched } from '../processLauncher.ts';

export interface JanusOptions {
  /**
   * Interfaces or addresses Janus gathers its ICE candidates on (`ice_enforce_list`; default
   * 'lo'). Janus skips loopback interfaces, and when the list matches nothing libnice gathers on
   * every other interface: name a real one (a namespace's veth, say) for media.
   */
  iceEnforceList?: string;
  /** Public address(es) written into its host candidates (`nat_1_1_mapping`). */
  nat1to1?: string;
  /**
   * A command Janus runs under, e.g. `['ip', 'netns', 'exec', 'ns1']`. It must exec Janus (as
   * `ip netns exec` and `env` do), so that the launched pid is Janus' own: its listening port is
   * read from /proc/<pid>.
   */
  prefix?: string[];
  /**
   * The IPv4 address its websockets transport listens on and is reached at (`wsUrl`); default
   * 127.0.0.1. Inside a network namespace, an address of that namespace.
   */
  host?: string;
  /** Its `api_secret` (random by default): several instances behind one SFU_SECRET share one. */
  apiSecret?: string;
  /** The videoroom plugin's `admin_key` (random by default), likewise. */
  adminKey?: string;
}

export interface JanusServer {
  /** The Janus API over websockets, e.g. ws://127.0.0.1:41234 */
  wsUrl: string;
  apiSecret: string;
  /** The videoroom plugin's `admin_key`, needed to create rooms. */
  adminKey: string;
  process: ChildProcess;
  /** Every line Janus printed so far, for failure reports. */
  output: string[];
  /** Stops Janus (SIGTERM, SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
}

const binary = process.env.JANUS ?? 'janus';

/** The folder holding Janus' `plugins/` and `transports/`, e.g. /usr/lib/x86_64-linux-gnu/janus. */
function janusLibDir(): string {
  const dirs = binary.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter);
  const found = dirs.map((dir) => join(dir, binary)).find((file) => existsSync(file));
  if (found === undefined) throw new Error(`cannot find ${binary} (install the janus package)`);
  const lib = join(dirname(dirname(realpathSync(found))), 'lib');
  const candidates = [lib, ...readdirSync(lib).map((dir) => join(lib, dir))];
  const libDir = candidates
    .map((dir) => join(dir, 'janus'))
    .find((dir) => existsSync(join(dir, 'plugins', 'libjanus_videoroom.so')));
  if (libDir === undefined) throw new Error(`no Janus videoroom plugin under ${lib}`);
  return libDir;
}

/** An IPv4 address as /proc/net/tcp writes it: four bytes in host (little-endian) order. */
function procAddress(ip: string): string {
  const bytes = ip.split('.').map(Number);
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new Error(`janus host must be an IPv4 address, not ${ip}`);
  }
  return bytes
    .reverse()
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/**
 * Janus prints "port 0": the kernel tells which port its socket listens on, on `host` or on every
 * address (0.0.0.0).
 */
function listeningPort(pid: number, host: string): number {
  const addresses = new Set([procAddress(host), '00000000']);
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      } catch {
        return undefined; // closed meanwhile
      }
    }),
  );
  for (const line of readFileSync(`/proc/${pid}/net/tcp`, 'utf8').split('\n').slice(1)) {
    const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
    const [address, port] = local?.split(':') ?? [];
    if (state === '0A' && addresses.has(address ?? '') && port && inodes.has(inode)) {
      return parseInt(port, 16);
    }
  }
  throw new Error(`janus (pid ${pid}) listens on no TCP port of ${host}`);
}

const secret = () => randomBytes(18).toString('base64url');
const str = (value: string) => JSON.stringify(value);

export async function startJanus(options: JanusOptions = {}): Promise<JanusServer> {
  const host = options.host ?? '127.0.0.1';
  procAddress(host); // refuse a bad address before anything starts
  const libDir = janusLibDir();
  const dir = mkdtempSync(join(tmpdir(), 'room-call-janus-'));
  const apiSecret = options.apiSecret ?? secret();
  const adminKey = options.adminKey ?? secret();
  // Only the two modules we use are in the folders Janus loads from: no other transport opens a
  // port, no other plugin starts, and nothing logs a "disabled, skipping" line for each.
  for (const [folder, file] of [
    ['plugins', 'libjanus_videoroom.so'],
    ['transports', 'libjanus_websockets.so'],
  ] as const) {
    mkdirSync(join(dir, folder));
    symlinkSync(join(libDir, folder, file), join(dir, folder, file));
  }
  mkdirSync(join(dir, 'events'));
  mkdirSync(join(dir, 'loggers'));
  const nat = [
    `ice_enforce_list = ${str(options.iceEnforceList ?? 'lo')}`,
    ...(options.nat1to1 === undefined ? [] : [`nat_1_1_mapping = ${str(options.nat1to1)}`]),
  ];
  const files = {
    'janus.jcfg': [
      'general: {',
      ...['configs', 'plugins', 'transports', 'events', 'loggers'].map(
        (kind) => `  ${kind}_folder = ${str(kind === 'configs' ? dir : join(dir, kind))}`,
      ),
      '  debug_level = 4',
      `  api_secret = ${str(apiSecret)}`,
      '}',
      `nat: {\n  ${nat.join('\n  ')}\n}`,
      'events: {\n  broadcast = false\n}',
    ],
    'janus.transport.websockets.jcfg': [
      `general: {\n  json = "compact"\n  ws = true\n  ws_port = 0\n  ws_ip = ${str(host)}`,
      '  wss = false\n}',
      'admin: {\n  admin_ws = false\n  admin_wss = false\n}',
    ],
    'janus.plugin.videoroom.jcfg': [`general: {\n  admin_key = ${str(adminKey)}\n}`],
  };
  for (const [name, lines] of Object.entries(files)) {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }

  let janus: Launched<true>;
  try {
    const [command, ...prefixArgs] = [...(options.prefix ?? []), binary];
    janus = await launch({
      command,
      // -o: no colours in the log, which goes to stdout.
      args: [...prefixArgs, '-F', dir, '-C', join(dir, 'janus.jcfg'), '-o'],
      cwd: dir,
      readyFrom: (line) => (line.startsWith('Websockets server started') ? true : null),
      name: 'janus',
      timeoutMs: 15_000,
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await janus.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = listeningPort(janus.process.pid ?? 0, host);
    const { process, output } = janus;
    return { wsUrl: `ws://${host}:${port}`, apiSecret, adminKey, process, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
