/**
 * Test support shared by the SFU tests (useJanus: janusOutage, roomMove; useJanusSuite: sfuRooms,
 * sfuRoomLife): the vitest hooks that give a test file a throwaway Janus of its own (see startJanusInNamespace), a handle
 * of the test's own to look inside it, and a server per test, closed after it with the
 * connections the test tracked; and helpers to join members and to wait for the offers they get.
 */
import Janode from 'janode';
import type { Connection } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { RoomId, VideoRoomHandle } from 'janode/plugins/videoroom';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { joined } from '../testing.ts';
import type { TestClient, TestServer } from '../testing.ts';
import type { PeerId, SfuOffer, SfuStream } from '../protocol.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import type { JanusServer } from './janusProcess.ts';
import type { Publishing, Receiving } from './sfuTesting.ts';

/** What useJanusSuite gives a test file; its functions may be destructured. */
export interface JanusSuite {
  /** The file's Janus, there from beforeAll on. */
  readonly janus: JanusServer;
  /** A videoroom handle on `janus`, of the test's own. */
  readonly inspector: VideoRoomHandle;
  /** The server of the running test: each test starts one, and afterEach closes it. */
  server: TestServer;
  /** The videorooms Janus holds now (private ones included: we have the admin key). */
  janusRooms: () => Promise<RoomId[]>;
  /** Keeps the connection of `it` to close after the test. */
  track: <T extends Publishing | Receiving>(it: T) => T;
  /** A new client of `server`, joined to `room` as `name`, with its PeerId. */
  member: (room: string, name: string) => Promise<[TestClient, PeerId]>;
}

/** What useJanus gives a test file: its Janus and the running test's server. */
export interface JanusAndServer {
  /** The file's Janus, there from beforeAll on. */
  readonly janus: JanusServer;
  /** The server of the running test: each test starts one, and afterEach closes it. */
  server: TestServer;
}

/**
 * Registers the hooks of a test file on one throwaway Janus, and closes each test's server after
 * it; call it once, at the top of the file.
 */
export function useJanus(): JanusAndServer {
  Janode.Logger.setLevel('none');

  let janus: JanusServer;
  let server: TestServer;

  beforeAll(async () => {
    janus = await startJanusInNamespace();
  });
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await janus.stop();
  });

  return {
    get janus() {
      return janus;
    },
    get server() {
      return server;
    },
    set server(value) {
      server = value;
    },
  };
}

/**
 * useJanus and a videoroom handle of the suite's own; call it once, at the top of the file.
 * Vitest runs after-hooks in reverse order ('stack'), so the ones here (tracked connections, the
 * admin connection) go before useJanus closes the server and stops Janus.
 */
export function useJanusSuite(): JanusSuite {
  const base = useJanus();
  let admin: Connection;
  let inspector: VideoRoomHandle;
  const connections: { close(): void }[] = [];

  beforeAll(async () => {
    admin = await Janode.connect({
      address: { url: base.janus.wsUrl, apisecret: base.janus.apiSecret },
      max_retries: 0,
    });
    inspector = await (await admin.create()).attach(VideoRoomPlugin);
  });
  afterEach(() => {
    for (const pc of connections.splice(0)) pc.close();
  });
  afterAll(async () => {
    await admin.close().catch(() => undefined);
  });

  return {
    get janus() {
      return base.janus;
    },
    get inspector() {
      return inspector;
    },
    get server() {
      return base.server;
    },
    set server(value) {
      base.server = value;
    },
    janusRooms: async () =>
      (await inspector.list({ admin_key: base.janus.adminKey })).list.map((r) => r.room),
    track: (it) => {
      connections.push(it.pc);
      return it;
    },
    member: async (room, name) => {
      const client = await base.server.client();
      const res = await joined(client, room, name);
      return [client, res.self.id];
    },
  };
}

/** Waits for an offer that `test` accepts, among those received from the `from`th on. */
export async function offerWhere(
  receiving: Receiving,
  test: (streams: SfuStream[]) => boolean,
  from = 0,
) {
  return vi.waitFor(
    () => {
      const offer = receiving.offers.slice(from).find((o) => test(o.streams));
      if (!offer) throw new Error('no such offer yet');
      return offer;
    },
    { timeout: 10_000, interval: 20 },
  );
}

export const peersOf = (offer: SfuOffer) => new Set(offer.streams.map((s) => s.peer));
export const iceUfrag = (offer: SfuOffer) => /^a=ice-ufrag:(\S+)/m.exec(offer.description.sdp)?.[1];
/** The streams of `peer`, as `kind:source`, sorted. */
export const names = (streams: SfuStream[], peer: PeerId) =>
  streams
    .filter((s) => s.peer === peer)
    .map((s) => `${s.kind}:${s.source}`)
    .sort();
