/**
 * Pure bookkeeping of subscriptions: which publisher m-lines a member should receive, what to ask
 * Janus for to get there, and what each m-line of an offer carries in our terms (PeerIds, never
 * Janus feed ids). Also the little SDP reading the broker needs.
 */
import type {
  FeedId,
  PublishedStream,
  SubscribeStream,
  SubscriptionStream,
  UnsubscribeStream,
} from 'janode/plugins/videoroom';
import type { PeerId, SfuStream } from '../protocol.ts';

/** Feed ids compared as strings (Janus may be configured for numeric or string ids). */
export const feedKey = (feed: FeedId): string => String(feed);

/** A publisher and its m-lines, as Janus last listed them to a member. */
export interface FeedStreams {
  feed: FeedId;
  streams: readonly PublishedStream[];
}

/** One publisher m-line a member should receive. */
export interface Want {
  feed: FeedId;
  mid: string;
}

/** One live m-line of a subscription. */
export interface Line {
  /** Our m-line's mid; null until Janus has told it (a subscription asked for, not yet laid out). */
  subMid: string | null;
  feed: FeedId;
  feedMid: string;
}

const isMedia = (type: string): type is 'audio' | 'video' => type === 'audio' || type === 'video';
/** One publisher m-line, as a map key. */
export const lineKey = (feed: FeedId, mid: string) => `${feedKey(feed)}\u0000${mid}`;
const key = lineKey;

/** Every audio and video m-line of these publishers that is not disabled. */
export function wanted(feeds: Iterable<FeedStreams>): Want[] {
  const want: Want[] = [];
  for (const { feed, streams } of feeds) {
    for (const s of streams) if (isMedia(s.type) && !s.disabled) want.push({ feed, mid: s.mid });
  }
  return want;
}

/** The live audio and video m-lines of a subscription as Janus laid it out. */
export function linesOf(layout: readonly SubscriptionStream[]): Line[] {
  const lines: Line[] = [];
  for (const s of layout) {
    if (s.active === false || !isMedia(s.type)) continue;
    if (s.feed_id === undefined || s.feed_mid === undefined) continue;
    lines.push({ subMid: s.mid, feed: s.feed_id, feedMid: s.feed_mid });
  }
  return lines;
}

export interface Plan {
  subscribe: SubscribeStream[];
  unsubscribe: UnsubscribeStream[];
}

/**
 * What to ask Janus for so that the subscription carries each wanted m-line once: lines of
 * publishers that went away (`stale`, by our mid), lines nobody wants and duplicates go; wanted
 * m-lines without a line come.
 */
export function plan(
  lines: readonly Line[],
  want: readonly Want[],
  stale: ReadonlySet<string>,
): Plan {
  const wantedKeys = new Set(want.map((w) => key(w.feed, w.mid)));
  const kept = new Set<string>();
  const result: Plan = { subscribe: [], unsubscribe: [] };
  for (const line of lines) {
    const k = key(line.feed, line.feedMid);
    const drop =
      (line.subMid !== null && stale.has(line.subMid)) || !wantedKeys.has(k) || kept.has(k);
    if (!drop) {
      kept.add(k);
      continue;
    }
    result.unsubscribe.push(
      line.subMid === null ? { feed: line.feed, mid: line.feedMid } : { sub_mid: line.subMid },
    );
  }
  for (const w of want) {
    if (!kept.has(key(w.feed, w.mid))) result.subscribe.push({ feed: w.feed, mid: w.mid });
  }
  return result;
}

/** The lines once an update Janus did not lay out for us (yet) is done. */
export function applyPlan(lines: readonly Line[], done: Plan): Line[] {
  const goneMids = new Set(done.unsubscribe.map((u) => u.sub_mid).filter((m) => m !== undefined));
  const goneKeys = new Set(
    done.unsubscribe.flatMap((u) =>
      u.feed !== undefined && u.mid !== undefined ? [key(u.feed, u.mid)] : [],
    ),
  );
  const left = lines.filter((l) =>
    l.subMid === null ? !goneKeys.has(key(l.feed, l.feedMid)) : !goneMids.has(l.subMid),
  );
  const added = done.subscribe.map((s) => ({ subMid: null, feed: s.feed, feedMid: s.mid ?? '' }));
  return [...left, ...added];
}

/** Who publishes a feed, and which of their m-lines is the screen. */
export type WhoIs = (feed: FeedId) => { peer: PeerId; screenMid: string | null } | undefined;

/**
 * What each m-line of an offer carries, for the client: live audio and video lines of people in
 * the room. Data channels, inactive lines and feeds of nobody we know are left out.
 */
export function offerStreams(layout: readonly SubscriptionStream[], whoIs: WhoIs): SfuStream[] {
  const streams: SfuStream[] = [];
  for (const s of layout) {
    if (s.active === false || !isMedia(s.type) || s.feed_id === undefined) continue;
    const owner = whoIs(s.feed_id);
    if (!owner) continue;
    streams.push({
      mid: s.mid,
      peer: owner.peer,
      kind: s.type,
      source: s.feed_mid !== undefined && s.feed_mid === owner.screenMid ? 'screen' : 'camera',
    });
  }
  return streams;
}

const lines = (sdp: string) => sdp.split(/\r?\n/);

/** The mids of an SDP's m-lines, in order. */
export function sdpMids(sdp: string): string[] {
  return lines(sdp).flatMap((line) => {
    const mid = /^a=mid:(\S+)\s*$/.exec(line)?.[1];
    return mid === undefined ? [] : [mid];
  });
}

/**
 * What identifies the peer connection an SDP comes from: its session id (the `o=` line's, kept
 * by every renegotiation, RFC 3264) and its DTLS fingerprint(s). Another one is another connection.
 */
export function sdpConnection(sdp: string): string {
  const session = /^o=\S+ (\S+) /m.exec(sdp)?.[1] ?? '';
  return `${session} ${sdpFingerprint(sdp) ?? ''}`;
}

/** The DTLS fingerprint(s) of an SDP, normalised. */
export function sdpFingerprint(sdp: string): string | null {
  const found = lines(sdp).flatMap((line) => {
    const value = /^a=fingerprint:(.+)$/.exec(line.trim())?.[1];
    return value === undefined ? [] : [value.trim().toLowerCase()];
  });
  return found.length === 0 ? null : [...new Set(found)].sort().join(',');
}
