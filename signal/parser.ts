/**
 * Socket.IO's own packet parser, with one guard in front: a frame nested
 * deeper than any protocol message is refused before JSON.parse, whose cost
 * grows with depth (a 64 KB frame can nest 32,000 levels). Socket.IO answers a
 * decoding error by closing that client's connection.
 */
import { Decoder, Encoder } from 'socket.io-parser';

/** Protocol messages nest at most 3 levels (`["signal",{"candidate":{…}}]`). */
export const MAX_FRAME_DEPTH = 8;

/** True when `text`, read as JSON, opens more than `max` arrays or objects at once. */
export function nestedDeeperThan(text: string, max: number): boolean {
  // Nothing can nest deeper than the brackets it has: most frames (a candidate has three) are
  // let through after a native search for them instead of a walk over every character.
  if (!hasMoreOpenersThan(text, max)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

function hasMoreOpenersThan(text: string, max: number): boolean {
  let count = 0;
  for (let at = text.indexOf('{'); at >= 0 && count <= max; at = text.indexOf('{', at + 1)) {
    count += 1;
  }
  for (let at = text.indexOf('['); at >= 0 && count <= max; at = text.indexOf('[', at + 1)) {
    count += 1;
  }
  return count > max;
}

class GuardedDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string' && nestedDeeperThan(obj, MAX_FRAME_DEPTH)) {
      throw new Error('frame nested too deeply');
    }
    super.add(obj);
  }
}

export const guardedParser = { Encoder, Decoder: GuardedDecoder };
