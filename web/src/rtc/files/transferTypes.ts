/** File transfers as FileShare reports them, and what it needs of a data channel. */

/** What FileShare needs of a data channel (an RTCDataChannel; tests use a fake pair). */
export interface FileChannel extends EventTarget {
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  send(data: string | ArrayBuffer): void;
}

export type TransferStatus =
  | 'offered'
  | 'waiting'
  | 'transferring'
  | 'verifying'
  | 'done'
  | 'declined'
  | 'cancelled'
  | 'failed';

/** Why a transfer failed: bytes that do not match the sender's SHA-256, a wrong size, the link. */
export type TransferFailure = 'mismatch' | 'incomplete' | 'connection' | 'read';

export interface TransferUpdate {
  id: number;
  direction: 'in' | 'out';
  name: string;
  size: number;
  mime: string;
  status: TransferStatus;
  bytes: number;
  /** Average since the transfer started. */
  bytesPerSecond: number;
  /** Who cancelled or declined: us or them. */
  by?: 'self' | 'peer';
  failure?: TransferFailure;
  /** The received file, once its SHA-256 matched the sender's. */
  blob?: Blob;
}
