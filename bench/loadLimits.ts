import type { SignalServerOptions } from '../signal/createSignalServer.ts';

/**
 * Every load client of a benchmark connects from 127.0.0.1, which the per-address
 * limits exist to stop. The limiters still run (their cost is measured), with
 * ceilings no benchmark reaches.
 */
export const LOAD_TEST_LIMITS: NonNullable<SignalServerOptions['limits']> = {
  socketsPerIp: 1_000_000,
  joinsPerIpPerMinute: 1_000_000,
  messagesPerSecond: 1_000_000,
  messageBurst: 1_000_000,
  unjoinedTimeoutMs: 3_600_000,
};
