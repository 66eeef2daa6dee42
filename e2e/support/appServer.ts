import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { launch } from '../../signal/processLauncher.ts';

export interface AppServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Lines the server printed, for assertions and failure reports. */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export type ServerEnv = Record<string, string>;

const root = new URL('../..', import.meta.url).pathname;

export interface StartSpec {
  command: string;
  args: string[];
  env: ServerEnv;
  /** Extracts the listening port from a line of output. */
  portFrom: (line: string) => number | null;
  timeoutMs?: number;
}

export async function startProcess(spec: StartSpec): Promise<AppServer> {
  const app = await launch({
    command: spec.command,
    args: spec.args,
    env: spec.env,
    cwd: root,
    readyFrom: spec.portFrom,
    name: 'server',
    ...(spec.timeoutMs !== undefined && { timeoutMs: spec.timeoutMs }),
  });
  return {
    url: `http://127.0.0.1:${app.ready}`,
    port: app.ready,
    process: app.process,
    output: app.output,
    stop: app.stop,
  };
}

/** The e2e build of the server and app (`npm run build:e2e`): the product plus the suite's hooks. */
export const E2E_SERVER = 'dist-e2e/server/main.js';
/** The product as `npm run build` makes it. */
export const PRODUCTION_SERVER = 'dist/server/main.js';

/**
 * The built app (`npm run build:e2e` first), as `npm start` serves it; with `netns`,
 * inside that network namespace (the caller created it; needs root).
 */
export function startApp(
  env: ServerEnv = {},
  port = 0,
  options: { netns?: string; server?: string } = {},
): Promise<AppServer> {
  const node = [process.execPath, options.server ?? E2E_SERVER];
  const [command = '', ...args] = options.netns
    ? ['ip', 'netns', 'exec', options.netns, ...node]
    : node;
  return startProcess({
    command,
    args,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RESUME_SECRET: randomBytes(24).toString('base64url'),
      ...env,
    },
    portFrom: (line) => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(line);
      return match?.[1] ? Number(match[1]) : null;
    },
  });
}

/** `vite` dev server with the signaling plugin, as `npm run dev` runs it. */
export function startDevServer(env: ServerEnv = {}): Promise<AppServer> {
  return startProcess({
    command: process.execPath,
    args: ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', '0', '--strictPort'],
    env: {
      RESUME_SECRET: randomBytes(24).toString('base64url'),
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...env,
    },
    portFrom: (line) => {
      const match = /Local:\s+http:\/\/[^:]+:(\d+)/.exec(line);
      return match?.[1] ? Number(match[1]) : null;
    },
    timeoutMs: 60_000,
  });
}
