/**
 * The service's structured JSON logger. Handlers log codes and counts, never
 * addresses, names, tokens or passwords; `redact` is the safety net for a
 * field that slips into a log call anyway.
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export const REDACTED_PATHS = [
  'password',
  'resume',
  'token',
  'auth',
  'address',
  'ip',
  'remoteAddress',
  'headers',
  'handshake',
  '*.password',
  '*.resume',
  '*.token',
  '*.auth',
  '*.address',
  '*.ip',
  '*.remoteAddress',
  '*.headers',
  '*.handshake',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
