/**
 * Room and display name rules of protocol v1, and the control characters no name shown in a
 * call may hold (file names too). Pure functions with no dependencies so the web app can check
 * input before the server refuses it.
 */
import { Limits } from './protocol.ts';

// Letters (with their combining marks, which scripts such as Devanagari need)
// and digits of any script, space, '-', '_' and '.'.
const ROOM_NAME = /^[\p{L}\p{M}\p{N} ._-]+$/u;
// C0/C1 controls and the bidi embedding, override and isolate characters: they can disguise
// text shown to people (a file "exe.txt" shown as "txt.exe").
const CONTROL_CHARS = '[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]';
const ANY_CONTROL = new RegExp(CONTROL_CHARS, 'u');
const EVERY_CONTROL = new RegExp(CONTROL_CHARS, 'gu');

function codePoints(s: string): number {
  let count = 0;
  for (const _ of s) count += 1;
  return count;
}

/** The room name as people see it: trimmed and NFC-normalised, or null if invalid. */
export function normalizeRoomName(input: string): string | null {
  const name = input.trim().normalize('NFC');
  const length = codePoints(name);
  if (length < 1 || length > Limits.roomNameMax || !ROOM_NAME.test(name)) return null;
  return name;
}

/** The key rooms are compared by: case-insensitive form of the normalised name. */
export function roomKey(normalizedName: string): string {
  return normalizedName.toLowerCase().normalize('NFC');
}

/** The display name trimmed and NFC-normalised, or null if invalid. */
export function normalizeDisplayName(input: string): string | null {
  const name = input.trim().normalize('NFC');
  const length = codePoints(name);
  if (length < 1 || length > Limits.displayNameMax || hasControlChars(name)) return null;
  return name;
}

export function hasControlChars(text: string): boolean {
  return ANY_CONTROL.test(text);
}

/** The text without control and bidi characters (file names shown in a call, say). */
export function stripControlChars(text: string): string {
  return text.replace(EVERY_CONTROL, '');
}
