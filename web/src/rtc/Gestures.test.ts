/**
 * Gestures against the real store and a stand-in signaling connection: our hand goes up at once
 * and takes the server's time from the ack, comes down after FLOOR_MS of continuous speaking
 * (not after shorter bursts), and reactions show for a few seconds and are announced.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reaction, UpdateRequest, UpdateResult } from '../../../signal/protocol.ts';
import type { SignalingClient } from '../signaling/SignalingClient.ts';
import { createAppStore } from '../store/index.ts';
import { CallError } from '../lib/errors.ts';
import { REACTION_SHOWN_MS } from '../lib/reactions.ts';
import { FLOOR_MS, Gestures } from './Gestures.ts';

const SERVER_TIME = 1_764_580_000_000;
const self = { id: 'me', name: 'Me', audio: true, video: true, screen: false, hand: null };

function setUp(options: { refuseReactions?: boolean } = {}) {
  const store = createAppStore();
  const sent: UpdateRequest[] = [];
  let onReacted: ((r: Reaction) => void) | null = null;
  const signaling = {
    on: (_event: string, handler: (r: Reaction) => void) => {
      onReacted = handler;
      return () => {
        onReacted = null;
      };
    },
    update: (req: UpdateRequest): Promise<UpdateResult> => {
      sent.push(req);
      const hand = req.hand ? SERVER_TIME + sent.length : null;
      return Promise.resolve({ ok: true, self: { ...self, hand } });
    },
    react: () =>
      options.refuseReactions
        ? Promise.reject(new CallError('rate-limited'))
        : Promise.resolve(undefined),
  } as unknown as SignalingClient;
  store.getState().joined(self);
  store.getState().upsertPeer({ ...self, id: 'ann', name: 'Ann' });
  const gestures = new Gestures({ store, signaling: () => signaling });
  gestures.started();
  const reacted = (r: Reaction) => onReacted?.(r);
  return { store, sent, gestures, reacted };
}

const noticeKeys = (store: ReturnType<typeof createAppStore>) =>
  store.getState().notices.map((n) => n.key);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('our raised hand', () => {
  it('goes up at once, then carries the server time from the ack; down again on a second toggle', async () => {
    const { store, sent, gestures } = setUp();
    gestures.toggleHand();
    expect(store.getState().self?.hand).toEqual(expect.any(Number));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().self?.hand).toBe(SERVER_TIME + 1);
    gestures.toggleHand();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().self?.hand).toBeNull();
    expect(sent).toEqual([{ hand: true }, { hand: false }]);
    expect(noticeKeys(store)).toEqual(['notice.selfHandUp', 'notice.selfHandDown']);
  });

  it('comes down after FLOOR_MS of continuous speaking, not after a shorter burst', async () => {
    const { store, sent, gestures } = setUp();
    gestures.toggleHand();
    await vi.advanceTimersByTimeAsync(0);
    store.getState().setSelfSpeaking(true);
    await vi.advanceTimersByTimeAsync(FLOOR_MS - 500);
    store.getState().setSelfSpeaking(false);
    store.getState().setSelfSpeaking(true);
    await vi.advanceTimersByTimeAsync(FLOOR_MS - 500);
    expect(store.getState().self?.hand).not.toBeNull();
    await vi.advanceTimersByTimeAsync(600);
    expect(store.getState().self?.hand).toBeNull();
    expect(sent).toEqual([{ hand: true }, { hand: false }]);
    expect(noticeKeys(store)).toContain('notice.selfHandSpoke');
  });

  it('does not lower a hand that is down', async () => {
    const { store, sent } = setUp();
    store.getState().setSelfSpeaking(true);
    await vi.advanceTimersByTimeAsync(FLOOR_MS * 2);
    expect(sent).toEqual([]);
  });
});

describe('reactions', () => {
  it('shows a reaction over its sender for REACTION_SHOWN_MS and announces it', async () => {
    const { store, gestures, reacted } = setUp();
    reacted({ id: 'ann', emoji: '🎉' });
    reacted({ id: 'me', emoji: '👍' });
    reacted({ id: 'stranger', emoji: '😮' });
    expect(store.getState().reactions.map((r) => [r.from, r.emoji])).toEqual([
      ['ann', '🎉'],
      [null, '👍'],
    ]);
    expect(store.getState().notices.map((n) => [n.key, n.values])).toEqual([
      ['notice.reacted', { name: 'Ann', reaction: '🎉' }],
      ['notice.selfReacted', { name: '', reaction: '👍' }],
    ]);
    expect(gestures.received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(REACTION_SHOWN_MS + 1);
    expect(store.getState().reactions).toEqual([]);
  });

  it('says so when the server refuses ours as too many', async () => {
    const { store, gestures } = setUp({ refuseReactions: true });
    gestures.react('👏');
    await vi.advanceTimersByTimeAsync(0);
    expect(noticeKeys(store)).toEqual(['notice.reactionsTooFast']);
  });
});
