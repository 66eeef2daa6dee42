/**
 * The wire format of file sharing on a mesh connection's `files` data channel (negotiated, id 1).
 * Control frames are small JSON strings; file bytes travel as binary chunks, each prefixed with
 * the 4-byte transfer id (big-endian) so several transfers can share the channel. Anything a
 * peer sends is untrusted: parse strictly and bound every size.
 */
import { stripControlChars } from '../../../../signal/names.ts';
import { parsePeerObject } from '../peerJson.ts';

export const FileLimits = {
  /**
   * Largest file offered or accepted. The receiver keeps the whole file in memory (Blob parts)
   * until its SHA-256 is checked, and WebCrypto digests one whole buffer: see docs/protocol.md.
   */
  maxBytes: 100 * 1024 * 1024,
  /** Payload bytes per binary chunk (16 KiB: every browser delivers messages of this size). */
  chunkBytes: 16 * 1024,
  /** The sender pauses while more than this waits in the channel's buffer... */
  highWater: 1024 * 1024,
  /** ...and resumes when the buffer drains below this (`bufferedAmountLowThreshold`). */
  lowWater: 256 * 1024,
  maxNameLength: 255,
  maxTypeLength: 127,
  /** A control frame larger than this is dropped unread. */
  maxFrameChars: 2048,
} as const;

/** Who gave up on a transfer: its sender or its receiver. */
export type Side = 'sender' | 'receiver';

export type ControlFrame =
  | { type: 'offer'; id: number; name: string; size: number; mime: string; sha256: string }
  | { type: 'accept'; id: number }
  | { type: 'decline'; id: number }
  | { type: 'cancel'; id: number; side: Side }
  | { type: 'done'; id: number };

const HEADER_BYTES = 4;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function encodeControl(frame: ControlFrame): string {
  return JSON.stringify({ v: 1, ...frame });
}

/** A control frame from a peer, or null for anything malformed, oversized or unknown. */
export function parseControl(raw: string): ControlFrame | null {
  const f = parsePeerObject(raw, FileLimits.maxFrameChars);
  if (!f) return null;
  const { type, id } = f;
  if (f.v !== 1 || !isTransferId(id)) return null;
  switch (type) {
    case 'accept':
    case 'decline':
    case 'done':
      return { type, id };
    case 'cancel':
      return f.side === 'sender' || f.side === 'receiver' ? { type, id, side: f.side } : null;
    case 'offer': {
      const { name, size, mime, sha256 } = f;
      if (typeof name !== 'string' || typeof mime !== 'string' || typeof sha256 !== 'string')
        return null;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return null;
      if (size > FileLimits.maxBytes || !SHA256_HEX.test(sha256)) return null;
      const clean = cleanFileName(name);
      if (clean === null || mime.length > FileLimits.maxTypeLength) return null;
      return { type, id, name: clean, size, mime, sha256 };
    }
    default:
      return null;
  }
}

/** Transfer ids are unsigned 32-bit integers, chosen by the sender. */
export function isTransferId(id: unknown): id is number {
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 0xffffffff;
}

/** A file name as shown: control and bidi characters removed, bounded; null when nothing is left. */
export function cleanFileName(name: string): string | null {
  const clean = stripControlChars(name).trim();
  if (clean.length === 0) return null;
  return clean.slice(0, FileLimits.maxNameLength);
}

/** One binary chunk: the transfer id, then the bytes. */
export function encodeChunk(id: number, bytes: Uint8Array): ArrayBuffer {
  const out = new Uint8Array(HEADER_BYTES + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, id);
  out.set(bytes, HEADER_BYTES);
  return out.buffer;
}

export function decodeChunk(
  data: ArrayBuffer,
): { id: number; bytes: Uint8Array<ArrayBuffer> } | null {
  if (data.byteLength < HEADER_BYTES) return null;
  return {
    id: new DataView(data).getUint32(0),
    bytes: new Uint8Array(data, HEADER_BYTES),
  };
}

/** SHA-256 of the bytes, as lowercase hex. */
export async function sha256Hex(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
