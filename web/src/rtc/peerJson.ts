/**
 * A JSON object a peer sent over a data channel, or null for anything that is not a string,
 * is longer than `maxChars` (dropped unread), does not parse, or is not an object. Its fields
 * are still untrusted: each caller checks the ones it reads.
 */
export function parsePeerObject(raw: unknown, maxChars: number): Record<string, unknown> | null {
  if (typeof raw !== 'string' || raw.length > maxChars) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
}
