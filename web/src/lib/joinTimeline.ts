/**
 * User Timing marks of the steps of a join (`room-call:<step>`, the peer's id as detail), so
 * that DevTools' performance panel shows where a join's time goes, and `npm run bench` prints
 * the same steps as a timeline (bench/browser/appJoin.ts).
 */
export type JoinStep =
  | 'signaling-ready'
  | 'join-sent'
  | 'join-ack'
  | 'offer-sent'
  | 'offer-applied'
  | 'answer-sent'
  | 'answer-applied'
  | 'ice-connected'
  | 'connected'
  // An SFU room's: our offer to the media server and its answer, the server's offer of what we
  // receive and our answer, and each of the two connections up.
  | 'publish-sent'
  | 'publish-answered'
  | 'publisher-connected'
  | 'subscribe-offer-applied'
  | 'subscribe-answer-sent'
  | 'subscriber-connected';

const PREFIX = 'room-call:';
/** Marks kept at most, so that a long call with many arrivals holds a bounded number. */
const KEEP = 256;
let kept = 0;

export function markJoin(step: JoinStep, peer?: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (++kept > KEEP) clearJoinMarks();
  performance.mark(PREFIX + step, peer === undefined ? undefined : { detail: peer });
}

/** Forgets the marks of earlier joins (a new join starts its own timeline). */
export function clearJoinMarks(): void {
  kept = 0;
  for (const entry of performance.getEntriesByType('mark'))
    if (entry.name.startsWith(PREFIX)) performance.clearMarks(entry.name);
}
