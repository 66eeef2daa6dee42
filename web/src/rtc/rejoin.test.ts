/**
 * Rejoin against the real store and a stand-in signaling connection: the resume token goes
 * along, an answer with our id keeps the path (or opens the room's other path), one with a new
 * id makes us a newcomer, a refusal ends the call, no answer tries again on a fresh connection,
 * an outdated answer is ignored, and what a restarted server forgot (our hand) is told again.
 */
import { describe, expect, it, vi } from 'vitest';
import type {
  JoinRequest,
  JoinResult,
  MediaMode,
  PeerInfo,
  UpdateRequest,
} from '../../../signal/protocol.ts';
import type { SignalingClient } from '../signaling/SignalingClient.ts';
import { createAppStore } from '../store/index.ts';
import { CallError } from '../lib/errors.ts';
import { Rejoin } from './rejoin.ts';
import { HeldRoomEvents } from './heldRoomEvents.ts';

const me: PeerInfo = { id: 'me', name: 'Me', audio: true, video: true, screen: false, hand: null };
const ann: PeerInfo = { ...me, id: 'ann', name: 'Ann' };
const REQUEST: JoinRequest = { room: 'standup', name: 'Me' };

const answer = (over: Partial<JoinResult> = {}): JoinResult => ({
  ok: true,
  self: me,
  peers: [ann],
  iceServers: [],
  resume: 'token-2',
  ...over,
});

function setUp(reply: (req: JoinRequest) => Promise<JoinResult>, selfNow: PeerInfo = me) {
  const store = createAppStore();
  store.getState().joined(selfNow, 'mesh');
  const joins: JoinRequest[] = [];
  const updates: UpdateRequest[] = [];
  const signaling = {
    connected: true,
    join: (req: JoinRequest) => {
      joins.push(req);
      return reply(req);
    },
    update: (req: UpdateRequest) => {
      updates.push(req);
      return Promise.resolve({ ok: true, self: { ...me, hand: 42 } });
    },
    reconnect: vi.fn(),
  };
  let current: unknown = signaling;
  const early = new HeldRoomEvents();
  const host = {
    holdRoomEvents: () => early.hold(),
    state: () => store.getState(),
    signaling: () => current as SignalingClient | null,
    newcomer: vi.fn<(result: JoinResult) => void>(),
    fail: vi.fn<(code: string) => void>(),
    publishSending: vi.fn<(self: PeerInfo) => void>(),
    resumed: vi.fn<(result: JoinResult, media: MediaMode, sameCourse: boolean) => void>(),
  };
  const rejoin = new Rejoin(host);
  const run = () => rejoin.run(signaling as unknown as SignalingClient, REQUEST);
  const replaceSignaling = () => {
    current = null;
  };
  return { store, joins, updates, signaling, host, rejoin, run, replaceSignaling, early };
}

describe('a rejoin after signaling was away', () => {
  it('sends the remembered token, keeps the path when the id is ours, and updates the roster', async () => {
    const t = setUp(() => Promise.resolve(answer()));
    t.rejoin.remember('token-1');
    await t.run();
    expect(t.joins).toEqual([{ ...REQUEST, resume: 'token-1' }]);
    expect(t.host.resumed).toHaveBeenCalledWith(
      expect.objectContaining({ ok: true }),
      'mesh',
      true,
    );
    expect(t.host.newcomer).not.toHaveBeenCalled();
    expect(t.store.getState().peers.ann?.name).toBe('Ann');
    // The next rejoin uses the token of this answer.
    await t.run();
    expect(t.joins[1]?.resume).toBe('token-2');
  });

  it('opens the room’s other path when a restarted server holds the room elsewhere', async () => {
    const t = setUp(() => Promise.resolve(answer({ media: 'sfu' })));
    await t.run();
    expect(t.host.resumed).toHaveBeenCalledWith(expect.anything(), 'sfu', false);
    expect(t.store.getState().media).toBe('sfu');
  });

  it('is a newcomer again when the token was not honoured (a new id)', async () => {
    const t = setUp(() => Promise.resolve(answer({ self: { ...me, id: 'new-me' } })));
    await t.run();
    expect(t.host.newcomer).toHaveBeenCalledOnce();
    expect(t.host.resumed).not.toHaveBeenCalled();
  });

  it('ends the call on a refusal, and tries again on a fresh connection when there is no answer', async () => {
    const refused = setUp(() => Promise.reject(new CallError('room-full')));
    await refused.run();
    expect(refused.host.fail).toHaveBeenCalledWith('room-full');
    expect(refused.signaling.reconnect).not.toHaveBeenCalled();

    const silent = setUp(() => Promise.reject(new CallError('timeout')));
    await silent.run();
    expect(silent.host.fail).not.toHaveBeenCalled();
    expect(silent.signaling.reconnect).toHaveBeenCalledOnce();
  });

  it('ignores an answer that comes after the call was torn down or on an older connection', async () => {
    let resolve: (r: JoinResult) => void = () => undefined;
    const t = setUp(() => new Promise((r) => (resolve = r)));
    const cancelled = t.run();
    t.rejoin.cancel();
    resolve(answer());
    await cancelled;
    const replaced = t.run();
    t.replaceSignaling();
    resolve(answer());
    await replaced;
    expect(t.host.resumed).not.toHaveBeenCalled();
    expect(t.host.newcomer).not.toHaveBeenCalled();
  });

  it('raises our hand again on a server that forgot it, and takes that server’s time', async () => {
    const t = setUp(() => Promise.resolve(answer()), { ...me, hand: 7 });
    await t.run();
    expect(t.updates).toEqual([{ hand: true }]);
    await vi.waitFor(() => expect(t.store.getState().self?.hand).toBe(42));
  });

  it('holds what the room says while the answer is on its way, and tells it after the answer', async () => {
    let resolve: (r: JoinResult) => void = () => undefined;
    const t = setUp(() => new Promise((r) => (resolve = r)));
    const told: string[] = [];
    t.host.resumed.mockImplementation(() => told.push('answer'));
    const running = t.run();
    // Someone arrives after the server listed who was there for our answer.
    t.early.run(() => told.push('bo arrived'));
    expect(told).toEqual([]);
    resolve(answer());
    await running;
    expect(told).toEqual(['answer', 'bo arrived']);
    // Outside a rejoin, nothing waits.
    t.early.run(() => told.push('cy arrived'));
    expect(told).toEqual(['answer', 'bo arrived', 'cy arrived']);
  });

  it('does nothing outside a call', async () => {
    const t = setUp(() => Promise.resolve(answer()));
    t.store.getState().endCall();
    await t.run();
    expect(t.joins).toEqual([]);
  });
});
