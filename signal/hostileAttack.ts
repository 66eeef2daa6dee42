/**
 * The hostile-clients scenario, shared by its test (what must never happen) and the bench (how
 * much slower the server answers meanwhile): 50 people in 25 password-protected rooms talk
 * while 10 attackers send 10,000 messages of every bad kind we know, and a watcher pings the
 * server, first idle and then throughout the attack. In phases, so that the bench can run the
 * people and attackers in a process of their own and the watcher in another (prepareAttack,
 * attack; joinWatcher, idlePings, keepPinging) while the test runs them all in one
 * (runHostileAttack).
 */
import type { JoinResult, PeerId } from './protocol.ts';
import { connectTestClient, connected, settle } from './testing.ts';
import type { TestClient } from './testing.ts';
import { ROOMS, hostileMessage, malformedFrames, RawAttacker } from './hostileClients.ts';

export const ATTACKERS = 10;
export const MESSAGES_PER_ATTACKER = 1000;
const BATCH = 1;

/** The limits the scenario runs under: every message reaches the validators and handlers. */
export const hostileLimits = {
  messagesPerSecond: 1_000_000,
  messageBurst: 0,
  socketsPerIp: 10_000,
  joinsPerIpPerMinute: 200,
};

export interface Person {
  socket: TestClient;
  room: number;
  self: JoinResult['self'];
  received: [string, unknown][];
}

/** Where the scenario's clients connect: a server in this process or another. */
export interface AttackTarget {
  url: string;
  client(): Promise<TestClient>;
}

/** Everyone connected and in their rooms, nobody sending yet. */
export interface PreparedAttack {
  people: Person[];
  attackers: RawAttacker[];
  /** Each attacker's own PeerId (attackers 0-7 join rooms of their own in pairs). */
  selves: (PeerId | null)[];
}

export interface AttackResult {
  sent: number;
  /** Refusals the people got for their own candidates (none expected). */
  talkFailures: string[];
}

export interface AttackOutcome extends PreparedAttack, AttackResult {
  /** Watcher round trips (ms) before the attack and during it. */
  idlePings: number[];
  pings: number[];
  heapGrowth: number;
}

async function join(socket: TestClient, room: string, name: string, password?: string) {
  const res = await socket.emitWithAck('room:join', {
    room,
    name,
    ...(password !== undefined && { password }),
  });
  if (!res.ok) throw new Error(`join failed: ${res.error.code}`);
  return res;
}

const listen = (socket: TestClient) => {
  const received: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => received.push([event, payload]));
  return received;
};

export const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;

/** A target over a URL, for a server in another process; `close` disconnects its clients. */
export function targetAt(url: string): AttackTarget & { close(): void } {
  const clients: TestClient[] = [];
  return {
    url,
    async client() {
      const socket = connectTestClient(url);
      clients.push(socket);
      await connected(socket);
      return socket;
    },
    close() {
      for (const c of clients) c.disconnect();
    },
  };
}

/** Connects the 50 people (two per password-protected room) and the 10 attackers. */
export async function prepareAttack(server: AttackTarget): Promise<PreparedAttack> {
  const people: Person[] = [];
  for (let room = 0; room < ROOMS; room += 1) {
    for (const name of ['Ann', 'Bob']) {
      const socket = await server.client();
      const res = await join(socket, `room-${room}`, name, `secret-${room}`);
      people.push({ socket, room, self: res.self, received: listen(socket) });
    }
  }
  // Attackers 0-7 in pairs in their own rooms, 8 roaming without a room, 9 malformed frames.
  const attackers = Array.from({ length: ATTACKERS }, () => new RawAttacker(server.url));
  const selves: (PeerId | null)[] = [];
  for (const [i, attacker] of attackers.entries()) {
    const reply =
      i < 8
        ? ((await attacker.emit(
            'room:join',
            [{ room: `den-${i >> 1}`, name: `Mal${i}` }],
            true,
          )) as JoinResult)
        : null;
    selves.push(reply?.self.id ?? null);
  }
  return { people, attackers, selves };
}

/** The attack itself, while the people keep talking; resolves when every message is sent. */
export async function attack({ people, attackers, selves }: PreparedAttack): Promise<AttackResult> {
  const foreignPeers = people.map((p) => p.self.id);
  const foreignSockets = people.map((p) => p.socket.id ?? '');
  const talkFailures: string[] = [];
  let sent = 0;

  const attacking = attackers.map(async (attacker, index) => {
    const mate = index < 8 ? (selves[index ^ 1] ?? null) : null;
    for (let start = 0; start < MESSAGES_PER_ATTACKER; start += BATCH) {
      const replies: Promise<unknown>[] = [];
      for (let i = start; i < start + BATCH; i += 1) {
        sent += 1;
        if (index === 9) {
          // Odd messages are probes: an acked no-op that waits for the server to have
          // read the malformed frame before it (or to have closed the connection).
          replies.push(
            i % 2 === 0
              ? attacker.send(malformedFrames[(i / 2) % malformedFrames.length] ?? '')
              : attacker.emit('peer:update', [{}], true),
          );
          continue;
        }
        const { event, args } = hostileMessage(i + index, {
          foreignPeers,
          foreignSockets,
          mate,
        });
        // Every fifth message without an acknowledgement id.
        replies.push(attacker.emit(event, args, i % 5 !== 0));
      }
      await Promise.all(replies);
    }
  });
  // People keep talking to each other meanwhile: 10 rounds of one candidate each.
  const talk = (async () => {
    for (let round = 0; round < 10; round += 1) {
      for (const person of people) {
        const partner = people.find((p) => p.room === person.room && p !== person);
        if (!partner) throw new Error('no partner');
        const res = await person.socket.emitWithAck('signal', {
          to: partner.self.id,
          candidate: { candidate: `candidate:${round}` },
        });
        if (!res.ok) talkFailures.push(res.error.code);
      }
    }
  })();

  await Promise.all([...attacking, talk]);
  return { sent, talkFailures };
}

/** The watcher: alone in a room of its own, it measures how fast the server answers. */
export async function joinWatcher(server: AttackTarget): Promise<TestClient> {
  const watcher = await server.client();
  await join(watcher, 'watch', 'Watcher');
  return watcher;
}

/** One ping: the round trip (ms) of an acknowledged no-op `peer:update`. */
export async function ping(watcher: TestClient): Promise<number> {
  const started = performance.now();
  await watcher.timeout(5000).emitWithAck('peer:update', {});
  return performance.now() - started;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

/** The baseline: 100 pings, 10 ms apart, before anyone attacks. */
export async function idlePings(watcher: TestClient): Promise<number[]> {
  const pings: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    pings.push(await ping(watcher));
    await pause();
  }
  return pings;
}

/** Pings 10 ms apart, timed the same way as the baseline, until `stop` (which returns them). */
export function keepPinging(watcher: TestClient): { stop(): Promise<number[]> } {
  const pings: number[] = [];
  const pinging = { on: true };
  const watching = (async () => {
    while (pinging.on) {
      pings.push(await ping(watcher));
      await pause();
    }
  })();
  return {
    async stop() {
      pinging.on = false;
      await watching;
      return pings;
    },
  };
}

/**
 * The whole scenario against one server, every client in this process; `gc` collects garbage
 * so heap growth means something.
 */
export async function runHostileAttack(
  server: AttackTarget,
  gc: () => void,
): Promise<AttackOutcome> {
  const prepared = await prepareAttack(server);
  const watcher = await joinWatcher(server);
  const idle = await idlePings(watcher);
  const watching = keepPinging(watcher);

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const result = await attack(prepared);
  const pings = await watching.stop();
  for (const person of prepared.people) await settle(person.socket);
  gc();
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  for (const attacker of prepared.attackers) attacker.close();
  return { ...prepared, ...result, idlePings: idle, pings, heapGrowth };
}
