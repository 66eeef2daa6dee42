import type { PeerId } from '../../../../signal/protocol.ts';

/**
 * Speech this long counts as having spoken: a cough, a laugh or a door
 * slamming (lit for under a second by the speaking indicator) does not
 * reorder the stage.
 */
export const SPOKE_AFTER_MS = 1000;

/** Who spoke last, as the stage orders its tiles by it. */
export interface SpeakerHistory {
  /** Peers still here who have spoken (for SPOKE_AFTER_MS at a stretch), the most recent first. */
  readonly recent: readonly PeerId[];
  /** When each peer speaking now started (ms), until they stop. */
  readonly since: Readonly<Partial<Record<PeerId, number>>>;
}

export const NO_HISTORY: SpeakerHistory = { recent: [], since: {} };

const sameList = (a: readonly PeerId[], b: readonly PeerId[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The history once `speaking` (the peers whose indicator is lit at `now`)
 * is taken into account, among the peers `present`. Those who have been
 * speaking for SPOKE_AFTER_MS move to the front of `recent`, the one who
 * started last first; peers who left are forgotten. Returns `history`
 * itself when nothing changed, so that it can be kept as React state.
 */
export function noteSpeakers(
  history: SpeakerHistory,
  speaking: Iterable<PeerId>,
  present: Iterable<PeerId>,
  now: number,
): SpeakerHistory {
  const here = new Set(present);
  const since: Partial<Record<PeerId, number>> = {};
  for (const id of speaking) if (here.has(id)) since[id] = history.since[id] ?? now;

  const spoke = Object.keys(since)
    .filter((id) => now - (since[id] ?? now) >= SPOKE_AFTER_MS)
    .sort((a, b) => (since[b] ?? 0) - (since[a] ?? 0) || (a < b ? -1 : 1));
  const front = new Set(spoke);
  const recent = [...spoke, ...history.recent.filter((id) => here.has(id) && !front.has(id))];

  const sameSince =
    Object.keys(since).length === Object.keys(history.since).length &&
    Object.keys(since).every((id) => since[id] === history.since[id]);
  if (sameSince && sameList(recent, history.recent)) return history;
  return {
    recent: sameList(recent, history.recent) ? history.recent : recent,
    since: sameSince ? history.since : since,
  };
}

/**
 * When the next of those speaking now will have spoken long enough to count
 * (and the history must be looked at again without any indicator changing),
 * or null when no one is waiting for that.
 */
export function nextSpokeAt(history: SpeakerHistory, now: number): number | null {
  let next: number | null = null;
  for (const start of Object.values(history.since)) {
    if (start === undefined) continue;
    const at = start + SPOKE_AFTER_MS;
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}
