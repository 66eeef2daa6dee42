/**
 * Which of a subscription's m-lines Janus sends, and at which simulcast layer: the member's
 * demand (off its stage, small tiles) against what Janus was last told. A change goes to Janus as
 * one `configure` of the lines that differ, with no renegotiation (subscription.ts sends it).
 */
import { lineKey } from './streams.ts';
import type { Line } from './streams.ts';

/** How one m-line is wanted, when not at full size. */
export type LineDemand = 'off' | 'low';
type Sent = LineDemand | 'high';

/** Janus' simulcast substreams: 0 is the smallest layer, 2 the largest. */
const SUBSTREAM = { low: 0, high: 2 } as const;

/** One line's entry in a videoroom `configure` request. */
export interface StreamHold {
  mid: string;
  send: boolean;
  substream?: number;
}

/** A set of changes to send, and what to record once Janus took them. */
export interface HoldChange {
  streams: StreamHold[];
  commit(): void;
}

export class LayerHolds {
  /** How Janus was told to send our mids, where not as it starts (everything, highest layer). */
  private readonly sending = new Map<string, Sent>();

  /** The lines whose sending differs from the demand, or null when none does. */
  changes(lines: readonly Line[], demand: ReadonlyMap<string, LineDemand>): HoldChange | null {
    const streams: StreamHold[] = [];
    const changed = new Map<string, Sent>();
    for (const line of lines) {
      if (line.subMid === null) continue;
      const wanted: Sent = demand.get(lineKey(line.feed, line.feedMid)) ?? 'high';
      if (wanted === (this.sending.get(line.subMid) ?? 'high')) continue;
      changed.set(line.subMid, wanted);
      streams.push(
        wanted === 'off'
          ? { mid: line.subMid, send: false }
          : { mid: line.subMid, send: true, substream: SUBSTREAM[wanted] },
      );
    }
    if (streams.length === 0) return null;
    return {
      streams,
      commit: () => {
        for (const [mid, sent] of changed) {
          if (sent === 'high') this.sending.delete(mid);
          else this.sending.set(mid, sent);
        }
      },
    };
  }

  /** A line that carries nothing any more (its publisher went): its mid is free again. */
  forget(mid: string): void {
    this.sending.delete(mid);
  }

  /** A new subscriber handle starts as Janus starts: everything, at the highest layer. */
  clear(): void {
    this.sending.clear();
  }
}
