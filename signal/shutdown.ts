/**
 * Graceful shutdown: stop accepting connections, tell every client to
 * reconnect (Socket.IO's server-side disconnect, which the web app answers by
 * reconnecting and resuming), let HTTP requests in flight finish, and exit
 * within a bound whatever happens.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { SignalServer } from './createSignalServer.ts';

export interface ShutdownOptions {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  signal: SignalServer;
  log: Logger;
  /** Longest the whole shutdown may take before the process exits anyway. */
  timeoutMs: number;
  /** Called first: readiness should fail from now on. */
  onDraining?: () => void;
  /** Releases what the signal server used (e.g. Redis connections), once it has closed. */
  afterSignalClosed?: () => Promise<void>;
  exit?: (code: number) => void;
}

export function createShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  const { server, signal, log, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  return (reason) => {
    running ??= (async () => {
      log.info({ reason, timeoutMs }, 'shutting down');
      options.onDraining?.();
      const forced = setTimeout(() => {
        log.warn('shutdown took too long, exiting anyway');
        exit(1);
      }, timeoutMs);
      forced.unref();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await signal.close();
      await options.afterSignalClosed?.();
      server.closeIdleConnections();
      // Keep-alive connections get a moment to finish their request, then go.
      const linger = setTimeout(() => server.closeAllConnections(), Math.min(1000, timeoutMs / 2));
      linger.unref();
      await closed;
      clearTimeout(linger);
      clearTimeout(forced);
      log.info('stopped');
      exit(0);
    })();
    return running;
  };
}
