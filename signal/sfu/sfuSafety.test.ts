import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { joined, record, settle, startTestServer } from '../testing.ts';
import type { TestClient, TestServer } from '../testing.ts';
import { Limits } from '../protocol.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import type { JanusServer } from './janusProcess.ts';
import { handMadeOffer, publish, receive, startSfuServer } from './sfuTesting.ts';

let janus: JanusServer;
let server: TestServer;
const connections: { close(): void }[] = [];

beforeAll(async () => {
  janus = await startJanusInNamespace();
});
afterEach(async () => {
  for (const pc of connections.splice(0)) pc.close();
  await server.close();
});
afterAll(async () => {
  await janus.stop();
});

const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

/** One of each SFU request, well-formed. */
const requests = (): [string, unknown][] => [
  ['sfu:publish', { description: handMadeOffer(), screenMid: null }],
  ['sfu:answer', { description: { type: 'answer', sdp: 'v=0\r\n' } }],
  ['sfu:trickle', { target: 'publisher', candidate: CANDIDATE }],
  ['chat:send', { data: '{"text":"hi"}' }],
  ['sfu:pause', { peers: [] }],
  ['sfu:restart', {}],
];

/** Sends an event the typed client would not let us send. */
const raw = (client: TestClient, event: string, payload: unknown) =>
  (
    client as unknown as {
      emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
    }
  ).emitWithAck(event, payload);

const refused = (code: string) => ({ ok: false, error: { code } });

describe('where SFU requests are refused', () => {
  it('outside a room: not-in-room', async () => {
    server = await startSfuServer(janus);
    const a = await server.client();
    for (const [event, payload] of requests()) {
      expect(await raw(a, event, payload), event).toMatchObject(refused('not-in-room'));
    }
  });

  it.each([
    ['without an SFU', false],
    ['with an SFU and MESH_MAX above 0', true],
  ])('in a mesh room (%s): not-sfu-room, and nothing is relayed', async (_, sfu) => {
    server = sfu ? await startSfuServer(janus, { meshMax: 4 }) : await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'mesh', 'Alice');
    await joined(b, 'mesh', 'Bob');
    const seen = record(b, 'chat:message');
    for (const [event, payload] of requests()) {
      expect(await raw(a, event, payload), event).toMatchObject(refused('not-sfu-room'));
    }
    await settle(b);
    expect(seen).toEqual([]);
  });
});

describe('bad input in an SFU room', () => {
  it('gets coded acks and harms no one', async () => {
    server = await startSfuServer(janus);
    const [mallory, bob, carol] = [
      await server.client(),
      await server.client(),
      await server.client(),
    ];
    await joined(mallory, 'studio', 'Mallory');
    const bobJoin = await joined(bob, 'studio', 'Bob');
    await joined(carol, 'elsewhere', 'Carol');
    const toBob: [string, unknown][] = [];
    const toCarol: [string, unknown][] = [];
    bob.onAny((event: string, payload: unknown) => toBob.push([event, payload]));
    carol.onAny((event: string, payload: unknown) => toCarol.push([event, payload]));

    const offer = handMadeOffer();
    const bad: [string, unknown, string][] = [
      ['sfu:publish', { description: offer }, 'no screenMid'],
      ['sfu:pause', { peers: Array.from({ length: 65 }, (_, i) => `p${i}`) }, 'too many peers'],
      ['sfu:pause', { peers: 'everyone' }, 'peers not a list'],
      ['sfu:pause', { peers: [], low: 'everyone' }, 'low not a list'],
      ['sfu:restart', { now: true }, 'an unknown field'],
      [
        'sfu:publish',
        {
          description: { type: 'offer', sdp: 'x'.repeat(Limits.maxSdpBytes + 1) },
          screenMid: null,
        },
        'oversized SDP',
      ],
      ['sfu:publish', { description: { type: 'answer', sdp: offer.sdp }, screenMid: null }, 'type'],
      ['sfu:publish', { description: offer, screenMid: '7' }, 'screenMid of no m-line'],
      [
        'sfu:publish',
        { description: { type: 'offer', sdp: 'v=0\r\nrubbish\r\n' }, screenMid: null },
        'garbage SDP',
      ],
      ['sfu:answer', { description: { type: 'answer', sdp: 'v=0\r\n' } }, 'no offer to answer'],
      ['sfu:answer', { description: offer }, 'an offer as answer'],
      ['sfu:trickle', { target: 'publisher', candidate: { candidate: 'garbage' } }, 'garbage'],
      ['sfu:trickle', { target: 'publisher', candidate: { sdpMid: '0' } }, 'no candidate line'],
      ['sfu:trickle', { target: 'janus', candidate: CANDIDATE }, 'unknown target'],
      ['sfu:trickle', { target: 'subscriber', candidate: CANDIDATE }, 'no subscription yet'],
      ['sfu:trickle', { target: 'publisher', candidate: { candidate: 'c'.repeat(2000) } }, 'long'],
      ['chat:send', { data: '' }, 'empty chat'],
      ['chat:send', { data: '한'.repeat(Limits.maxChatFrameBytes / 3 + 1) }, 'chat over 8 KiB'],
      ['chat:send', { data: 42 }, 'chat not a string'],
    ];
    for (const [event, payload, why] of bad) {
      expect(await raw(mallory, event, payload), why).toMatchObject(refused('invalid-payload'));
    }

    // Bob's calls are untouched: he publishes, is received, and chats.
    const toMallory = receive(mallory);
    connections.push(toMallory.pc);
    connections.push((await publish(bob)).pc);
    await vi.waitFor(
      () => expect(toMallory.offers.at(-1)?.streams.map((s) => s.peer)).toContain(bobJoin.self.id),
      { timeout: 10_000 },
    );
    expect(await bob.emitWithAck('chat:send', { data: 'still here' })).toEqual({ ok: true });
    await settle(bob);
    await settle(carol);
    expect(toBob.filter(([event]) => event === 'chat:message')).toEqual([]);
    expect(toCarol).toEqual([]);
  });

  it('accepts the end of candidates, and a candidate for a subscription once there is one', async () => {
    server = await startSfuServer(janus);
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'studio', 'Alice');
    await joined(b, 'studio', 'Bob');
    for (const candidate of [CANDIDATE, { candidate: '', sdpMid: '0' }, null]) {
      expect(await a.emitWithAck('sfu:trickle', { target: 'publisher', candidate })).toEqual({
        ok: true,
      });
    }
    const toAlice = receive(a);
    connections.push(toAlice.pc, (await publish(b)).pc);
    await vi.waitFor(() => expect(toAlice.offers).not.toEqual([]), { timeout: 10_000 });
    expect(await a.emitWithAck('sfu:trickle', { target: 'subscriber', candidate: null })).toEqual({
      ok: true,
    });
  });
});

describe('chat in SFU rooms', () => {
  it('reaches the others of the room only, from the sender', async () => {
    server = await startSfuServer(janus);
    const [a, b, c, d] = [
      await server.client(),
      await server.client(),
      await server.client(),
      await server.client(),
    ];
    const alice = await joined(a, 'studio', 'Alice');
    await joined(b, 'studio', 'Bob');
    await joined(c, 'studio', 'Carol');
    await joined(d, 'elsewhere', 'Dave');
    const seen = [a, b, c, d].map((client) => record(client, 'chat:message'));
    const frame = JSON.stringify({ text: '안녕 👋', at: 1 });
    expect(await a.emitWithAck('chat:send', { data: frame })).toEqual({ ok: true });
    await Promise.all([a, b, c, d].map(settle));
    const message = { from: alice.self.id, data: frame };
    expect(seen).toEqual([[], [message], [message], []]);
  });

  it('is rate limited like signals', async () => {
    server = await startSfuServer(janus, { limits: { messagesPerSecond: 3, messageBurst: 0 } });
    const a = await server.client();
    await joined(a, 'studio', 'Alice');
    const acks = await Promise.all(
      Array.from({ length: 8 }, () => a.emitWithAck('chat:send', { data: 'x' })),
    );
    expect(acks.filter((ack) => !ack.ok)).not.toEqual([]);
    for (const ack of acks) if (!ack.ok) expect(ack.error.code).toBe('rate-limited');
  });
});
