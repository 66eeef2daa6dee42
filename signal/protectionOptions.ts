import type { Config } from './config.ts';
import type { SignalServerOptions } from './createSignalServer.ts';

/** The signaling server's abuse protections as configured (shared by production and dev). */
export function protectionOptions(
  config: Config,
): Pick<SignalServerOptions, 'allowedOrigins' | 'trustProxy' | 'limits'> {
  return {
    allowedOrigins: config.ALLOWED_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    limits: {
      messagesPerSecond: config.MESSAGES_PER_SECOND,
      messageBurst: config.MESSAGE_BURST,
      socketsPerIp: config.MAX_SOCKETS_PER_IP,
      joinsPerIpPerMinute: config.JOINS_PER_IP_PER_MINUTE,
      unjoinedTimeoutMs: config.UNJOINED_TIMEOUT_MS,
    },
  };
}
