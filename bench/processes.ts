/** Child processes of the benchmark, and their CPU time (read by proc.ts). */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpuSeconds } from './proc.ts';

export { cpuSeconds };

export const totalCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/** A TypeScript module in its own Node process, with typed IPC. */
export interface Child<In, Out> {
  process: ChildProcess;
  pid: number;
  send(message: In): void;
  /** The next message satisfying `match`; rejects if the child dies or says `error`. */
  next<T extends Out>(match: (m: Out) => m is T, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export function forkTs<In, Out>(
  modulePath: string,
  args: string[] = [],
  execArgv: string[] = [],
): Child<In, Out> {
  const child = fork(modulePath, args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    pid: child.pid ?? 0,
    send(message) {
      child.send(message as object);
    },
    next(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        const onMessage = (m: Out) => {
          const error = (m as { type?: string; message?: string }).type === 'error';
          if (error) {
            done();
            reject(new Error((m as { message?: string }).message));
          } else if (match(m)) {
            done();
            resolve(m);
          }
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`${modulePath} exited with ${code}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${modulePath}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A type guard for messages with a given `type`. */
export const ofType =
  <M extends { type: string }, K extends M['type']>(type: K) =>
  (m: M): m is Extract<M, { type: K }> =>
    m.type === type;
