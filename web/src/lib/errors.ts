import type { ConnectErrorCode, ErrorCode } from '../../../signal/protocol.ts';

/** Failures that happen on this side of the wire. */
export const ClientErrorCode = {
  Timeout: 'timeout',
  Unreachable: 'server-unreachable',
  MediaDenied: 'media-denied',
  NoDevice: 'no-device',
  DeviceBusy: 'device-busy',
  MediaFailed: 'media-failed',
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

/** Human sentences for every code; the UI never shows raw exception text. */
export const errorMessages: Record<CallErrorCode, string> = {
  'invalid-payload': 'Something went wrong talking to the server. Please try again.',
  'invalid-room':
    'That room name cannot be used. Use 1–64 letters, digits, spaces, dots, dashes or underscores.',
  'invalid-name': 'Please enter a name of 1–32 characters.',
  'room-full': 'This room is full. Try again later or pick another room.',
  'wrong-password': 'This room is protected by a password. Enter the right one to join.',
  'not-in-room': 'You are no longer in this room.',
  'already-in-room': 'You are already in a room in this tab.',
  'unknown-peer': 'That participant is no longer here.',
  'rate-limited': 'Too many requests. Please wait a moment and try again.',
  'unsupported-protocol': 'This page is out of date. Please reload it.',
  timeout: 'The server did not answer in time. Please try again.',
  'server-unreachable': 'Cannot reach the server. Check your connection and try again.',
  'media-denied':
    'Camera and microphone access is blocked. You can still join to see and hear the others, or allow access in your browser and try again.',
  'no-device': 'No camera or microphone was found. You can still join to see and hear the others.',
  'device-busy':
    'Your camera or microphone is in use by another app. Close it and try again, or join without it.',
  'media-failed': 'Your camera or microphone could not be started. You can still join to receive.',
};
