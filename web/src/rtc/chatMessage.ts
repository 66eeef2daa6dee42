/**
 * Chat messages travel peer to peer over each connection's data channel, as
 * small JSON objects. Anything a peer sends is untrusted: parse strictly, bound
 * sizes, and keep only text (the UI renders it as text, never as markup).
 */
import { parsePeerObject } from './peerJson.ts';

export const ChatLimits = {
  /** Characters of one message, after trimming. */
  maxTextLength: 1000,
  /** A frame larger than this is dropped unread. */
  maxFrameBytes: 8 * 1024,
} as const;

export interface ChatPayload {
  id: string;
  text: string;
}

interface Wire {
  v: 1;
  type: 'chat';
  id: string;
  text: string;
}

/** The text as it will be sent, or null when it is empty or too long. */
export function cleanChatText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > ChatLimits.maxTextLength) return null;
  return trimmed;
}

export function encodeChat(payload: ChatPayload): string {
  const wire: Wire = { v: 1, type: 'chat', id: payload.id, text: payload.text };
  return JSON.stringify(wire);
}

/** A chat message from a peer, or null for anything malformed, oversized or unknown. */
export function parseChat(raw: unknown): ChatPayload | null {
  const data = parsePeerObject(raw, ChatLimits.maxFrameBytes);
  if (!data) return null;
  const { v, type, id, text } = data as Partial<Record<keyof Wire, unknown>>;
  if (v !== 1 || type !== 'chat' || typeof id !== 'string' || typeof text !== 'string') return null;
  if (id.length === 0 || id.length > 64) return null;
  const clean = cleanChatText(text);
  return clean === null ? null : { id, text: clean };
}
