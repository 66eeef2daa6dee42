import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

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
  const child = spawn(spec.command, spec.args, {
    cwd: root,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start:\n${output.join('\n')}`));
    }, spec.timeoutMs ?? 30_000);
    const onLine = (line: string) => {
      output.push(line);
      const found = spec.portFrom(line);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/**
 * The built app (`npm run build` first), as `npm start` serves it; with `netns`,
 * inside that network namespace (the caller created it; needs root).
 */
export function startApp(
  env: ServerEnv = {},
  port = 0,
  options: { netns?: string } = {},
): Promise<AppServer> {
  const node = [process.execPath, 'dist/server/main.js'];
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
