/**
 * An SFU room's file links on real peer connections: two or three FileLinks in one page, the
 * server's `signal` relay stood in for by a Wire per recipient.
 */
import { afterEach, expect, it } from 'vitest';
import type { PeerId, SignalMessage, SignalRequest } from '../../../../signal/protocol.ts';
import { Wire } from '../mesh/loopback.testing.ts';
import { FileLinks } from './fileLinks.ts';

const POLL = { timeout: 20_000, interval: 50 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

interface Person {
  links: FileLinks;
  /** Open `files` channels by the peer they lead to. */
  channels: Map<PeerId, RTCDataChannel>;
  /** Signals for this person, and how many were delivered. */
  inbox: Wire<SignalMessage>;
  delivered: number;
}

/** People in one room, each relaying through the others' inboxes as the server would. */
function room(ids: string[]): Record<string, Person> {
  const people: Record<string, Person> = {};
  for (const id of ids) {
    const handlers = new Set<(m: SignalMessage) => void>();
    const inbox = new Wire<SignalMessage>((m) => {
      const person = people[id];
      if (person) person.delivered += 1;
      for (const h of handlers) h(m);
    });
    const channels = new Map<PeerId, RTCDataChannel>();
    const links = new FileLinks({
      send: ({ to, ...signal }: SignalRequest) => people[to]?.inbox.send({ from: id, ...signal }),
      onSignal: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      selfId: () => id,
      peers: () => ids.filter((other) => other !== id),
      iceServers: () => [],
      iceTransportPolicy: 'all',
      onChannel: (peer, channel) => channels.set(peer, channel),
    });
    cleanup.push(() => links.close());
    people[id] = { links, channels, inbox, delivered: 0 };
  }
  return people;
}

const openTo = (p: Person, peer: string) => p.channels.get(peer)?.readyState === 'open';

it('reaching everyone makes a data-only link to each, answered and open on both ends', async () => {
  const { ann, ben, cat } = room(['ann', 'ben', 'cat']);
  if (!ann || !ben || !cat) throw new Error('three people');
  performance.clearMarks();
  await ann.links.reachEveryone();
  expect(openTo(ann, 'ben') && openTo(ann, 'cat')).toBe(true);
  await expect.poll(() => openTo(ben, 'ann') && openTo(cat, 'ann'), POLL).toBe(true);
  // Ben and Cat made no link between themselves: nobody asked for one.
  expect(ben.channels.has('cat') || cat.channels.has('ben')).toBe(false);
  const [link] = ann.links.diagnostics().filter((d) => d.peerId === 'ben');
  expect(link?.pc.localDescription?.sdp).not.toMatch(/^m=(audio|video) /m);

  // Bytes go both ways.
  const got = new Promise<string>((resolve) => {
    ann.channels.get('ben')?.addEventListener('message', (e) => resolve(String(e.data)), {
      once: true,
    });
  });
  ben.channels.get('ann')?.send('hello');
  expect(await got).toBe('hello');
  // Links are made mid-call: their offers and answers are no join's steps.
  const joinSteps = performance
    .getEntriesByType('mark')
    .filter((m) => m.name.startsWith('room-call:'));
  expect(joinSteps.map((m) => m.name)).toEqual([]);
});

it('two people reaching each other at once end with one link each way', async () => {
  const { ann, ben } = room(['ann', 'ben']);
  if (!ann || !ben) throw new Error('two people');
  await Promise.all([ann.links.reachEveryone(), ben.links.reachEveryone()]);
  await expect.poll(() => openTo(ann, 'ben') && openTo(ben, 'ann'), POLL).toBe(true);
  expect(ann.links.diagnostics()).toHaveLength(1);
  expect(ben.links.diagnostics()).toHaveLength(1);
});

it('an offer with media sections (a mesh connection late from before the SFU) makes no link', async () => {
  const { ann, ben } = room(['ann', 'ben']);
  if (!ann || !ben) throw new Error('two people');
  const pc = new RTCPeerConnection();
  cleanup.push(() => pc.close());
  pc.addTransceiver('audio');
  pc.createDataChannel('chat', { negotiated: true, id: 0 });
  const offer = await pc.createOffer();
  ben.inbox.send({ from: 'ann', description: { type: 'offer', sdp: offer.sdp ?? '' } });
  // And one from someone not in the room is ignored too.
  const stranger = new RTCPeerConnection();
  cleanup.push(() => stranger.close());
  stranger.createDataChannel('files', { negotiated: true, id: 1 });
  const dataOnly = await stranger.createOffer();
  ben.inbox.send({ from: 'eve', description: { type: 'offer', sdp: dataOnly.sdp ?? '' } });
  // A link would be made as a signal is delivered: once both were, none was.
  await expect.poll(() => ben.delivered, POLL).toBe(2);
  expect(ben.links.diagnostics()).toHaveLength(0);
});

it('a link let go at one end goes at the other, and the next offer makes a new one', async () => {
  const { ann, ben } = room(['ann', 'ben']);
  if (!ann || !ben) throw new Error('two people');
  await ann.links.reachEveryone();
  const first = ann.channels.get('ben');
  ann.links.forget('ben');
  expect(ann.links.diagnostics()).toHaveLength(0);
  // Ben's end sees its channel close, and lets its link go too.
  await expect.poll(() => ben.links.diagnostics().length, POLL).toBe(0);
  await ann.links.reachEveryone();
  expect(ann.channels.get('ben')).not.toBe(first);
  expect(openTo(ann, 'ben')).toBe(true);
});
