import { describe, expect, it } from 'vitest';
import type { SubscriptionStream } from 'janode/plugins/videoroom';
import {
  applyPlan,
  linesOf,
  offerStreams,
  plan,
  sdpConnection,
  sdpFingerprint,
  sdpMids,
  wanted,
} from './streams.ts';
import type { Line } from './streams.ts';
import { handMadeOffer } from './sfuTesting.ts';

const line = (subMid: string | null, feed: number, feedMid: string): Line => ({
  subMid,
  feed,
  feedMid,
});

describe('what a member should receive', () => {
  it('is every audio and video m-line of the others that is not disabled', () => {
    expect(
      wanted([
        {
          feed: 1,
          streams: [
            { type: 'audio', mindex: 0, mid: '0' },
            { type: 'video', mindex: 1, mid: '1' },
            { type: 'video', mindex: 2, mid: '2', disabled: true },
            { type: 'data', mindex: 3, mid: '3' },
          ],
        },
        { feed: 2, streams: [] },
      ]),
    ).toEqual([
      { feed: 1, mid: '0' },
      { feed: 1, mid: '1' },
    ]);
  });
});

describe('planning an update', () => {
  const want = [
    { feed: 1, mid: '0' },
    { feed: 1, mid: '1' },
  ];

  it('asks for nothing when the subscription carries what is wanted', () => {
    expect(plan([line('0', 1, '0'), line('1', 1, '1')], want, new Set())).toEqual({
      subscribe: [],
      unsubscribe: [],
    });
  });

  it('adds what is missing and drops, by our mid, what nobody wants and duplicates', () => {
    const lines = [line('0', 1, '0'), line('1', 2, '1'), line('2', 1, '0')];
    expect(plan(lines, want, new Set())).toEqual({
      subscribe: [{ feed: 1, mid: '1' }],
      unsubscribe: [{ sub_mid: '1' }, { sub_mid: '2' }],
    });
  });

  it('replaces lines of a publisher that went away, even when it is back', () => {
    const lines = [line('0', 1, '0'), line('1', 1, '1')];
    expect(plan(lines, want, new Set(['0', '1']))).toEqual({
      subscribe: want,
      unsubscribe: [{ sub_mid: '0' }, { sub_mid: '1' }],
    });
  });

  it('counts an update Janus did not lay out yet as done, so nothing is asked twice', () => {
    const lines = [line('0', 1, '0'), line('1', 2, '0')];
    const next = plan(lines, want, new Set());
    const after = applyPlan(lines, next);
    expect(after).toEqual([line('0', 1, '0'), line(null, 1, '1')]);
    expect(plan(after, want, new Set())).toEqual({ subscribe: [], unsubscribe: [] });
  });
});

describe('an offer in our terms', () => {
  const layout: SubscriptionStream[] = [
    { type: 'audio', active: true, mindex: 0, mid: '0', feed_id: 11, feed_mid: '0' },
    { type: 'video', active: true, mindex: 1, mid: '1', feed_id: 11, feed_mid: '1' },
    { type: 'video', active: true, mindex: 2, mid: '2', feed_id: 11, feed_mid: '2' },
    { type: 'video', active: false, mindex: 3, mid: '3' },
    { type: 'data', active: true, mindex: 4, mid: '4', feed_id: 11 },
    { type: 'audio', active: true, mindex: 5, mid: '5', feed_id: 99, feed_mid: '0' },
  ];
  const whoIs = (feed: number | string) =>
    feed === 11 ? { peer: 'bob-peer-id', screenMid: '2' } : undefined;

  it('names PeerIds and sources, and leaves out inactive, data and unknown m-lines', () => {
    expect(offerStreams(layout, whoIs)).toEqual([
      { mid: '0', peer: 'bob-peer-id', kind: 'audio', source: 'camera' },
      { mid: '1', peer: 'bob-peer-id', kind: 'video', source: 'camera' },
      { mid: '2', peer: 'bob-peer-id', kind: 'video', source: 'screen' },
    ]);
  });

  it('takes live lines from a layout', () => {
    expect(linesOf(layout)).toEqual([
      line('0', 11, '0'),
      line('1', 11, '1'),
      line('2', 11, '2'),
      line('5', 99, '0'),
    ]);
  });
});

describe('reading SDP', () => {
  it('finds mids and the fingerprint', () => {
    const offer = handMadeOffer({ screen: true });
    expect(sdpMids(offer.sdp)).toEqual(['0', '1', '2']);
    expect(sdpFingerprint(offer.sdp)).toMatch(/^sha-256 ([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(sdpFingerprint(handMadeOffer().sdp)).not.toBe(sdpFingerprint(offer.sdp));
    expect(sdpFingerprint('v=0\r\n')).toBeNull();
    // A renegotiation keeps the session id; a new connection has another (and its own key).
    const renegotiated = offer.sdp.replace(/^(o=\S+ \S+) 2 /m, '$1 3 ');
    expect(sdpConnection(renegotiated)).toBe(sdpConnection(offer.sdp));
    expect(sdpConnection(handMadeOffer().sdp)).not.toBe(sdpConnection(offer.sdp));
  });
});
