import type { ConnectErrorCode, ErrorCode } from '../../../signal/protocol.ts';

/** Failures that happen on this side of the wire. */
export const ClientErrorCode = {
  Timeout: 'timeout',
  Unreachable: 'server-unreachable',
  MediaDenied: 'media-denied',
  NoDevice: 'no-device',
  DeviceBusy: 'device-busy',
  MediaFailed: 'media-failed',
  ScreenUnavailable: 'screen-unavailable',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

export type CallErrorCode = ErrorCode | ConnectErrorCode | ClientErrorCode;

export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CallError';
  }
}

/** The dictionary key of the human sentence for a code; the UI never shows raw exception text. */
export const errorKey = (code: CallErrorCode): `error.${CallErrorCode}` => `error.${code}`;
