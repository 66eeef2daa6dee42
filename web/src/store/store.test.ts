import { describe, expect, it } from 'vitest';
import { createAppStore, selectPeerList, selectPeersByArrival } from './index.ts';

const peer = (id: string, name: string) => ({ id, name, audio: true, video: true, screen: false });

describe('app store', () => {
  it('adds, updates and removes peers without mutating earlier state', () => {
    const store = createAppStore();
    store.getState().upsertPeer(peer('b', 'Bob'));
    const before = store.getState().peers;
    store.getState().upsertPeer({ ...peer('b', 'Bob'), audio: false });
    store.getState().setPeerLink('b', 'connected');
    const after = store.getState().peers;
    expect(before).not.toBe(after);
    expect(before.b?.audio).toBe(true);
    expect(after.b).toMatchObject({ audio: false, link: 'connected', mediaVersion: 0 });
    store.getState().removePeer('b');
    expect(store.getState().peers).toEqual({});
  });

  it('ignores link and media updates for peers it does not know', () => {
    const store = createAppStore();
    const peers = store.getState().peers;
    store.getState().setPeerLink('ghost', 'failed');
    store.getState().bumpPeerMedia('ghost');
    expect(store.getState().peers).toBe(peers);
  });

  it('lists peers in a stable order', () => {
    const store = createAppStore();
    store.getState().upsertPeer(peer('2', 'Cat'));
    store.getState().upsertPeer(peer('1', 'Ann'));
    expect(selectPeerList(store.getState().peers).map((p) => p.name)).toEqual(['Ann', 'Cat']);
  });

  it('lists peers in the order they arrived, an update keeping their place', () => {
    const store = createAppStore();
    for (const [id, name] of [
      ['zz', 'Cat'],
      ['aa', 'Ann'],
      ['mm', 'Bo'],
    ] as const)
      store.getState().upsertPeer(peer(id, name));
    store.getState().upsertPeer({ ...peer('zz', 'Cat'), audio: false });
    store.getState().removePeer('aa');
    store.getState().upsertPeer(peer('aa', 'Ann'));
    expect(selectPeersByArrival(store.getState().peers).map((p) => p.id)).toEqual([
      'zz',
      'mm',
      'aa',
    ]);
  });

  it('holds what the stage shows, telling subscribers only of a change', () => {
    const store = createAppStore();
    const view = { visiblePeers: ['a', 'b'], largePeers: ['a'], largeScreens: [] };
    store.getState().setStageView(view);
    expect(store.getState()).toMatchObject(view);
    const state = store.getState();
    store.getState().setStageView({ ...view, visiblePeers: ['a', 'b'] });
    expect(store.getState()).toBe(state);
    store.getState().setStageView();
    expect(store.getState()).toMatchObject({ visiblePeers: [], largePeers: [], largeScreens: [] });
  });

  it('moves through the call phases and forgets the call when it ends', () => {
    const store = createAppStore();
    store.getState().startJoining('standup');
    expect(store.getState()).toMatchObject({ phase: 'joining', room: 'standup' });
    // The call view shows only in a call, once told (after the first offers).
    store.getState().showCall();
    expect(store.getState().callShown).toBe(false);
    store.getState().joined(peer('me', 'Me'));
    store.getState().upsertPeer(peer('b', 'Bob'));
    expect(store.getState()).toMatchObject({ phase: 'in-call', callShown: false });
    store.getState().showCall();
    expect(store.getState().callShown).toBe(true);
    store.getState().endCall();
    expect(store.getState()).toMatchObject({
      phase: 'idle',
      callShown: false,
      room: null,
      self: null,
      peers: {},
    });
    store.getState().fail('room-full');
    expect(store.getState().error).toBe('room-full');
  });
});
