import type { ErrorCode, Failure } from './protocol.ts';

/** A refusal the client is told about: it becomes `{ ok: false, error }` in the ack. */
export class SignalError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignalError';
  }

  toAck(): Failure {
    return { ok: false, error: { code: this.code, message: this.message } };
  }
}
