/** Test support: a real signaling server on port 0 and typed real clients. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { createSignalServer } from './createSignalServer.ts';
import type { SignalServer, SignalServerOptions } from './createSignalServer.ts';
import type { ClientToServerEvents, JoinResult, ServerToClientEvents } from './protocol.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  signal: SignalServer;
  /** A connected client; `headers` go on its upgrade request (as a reverse proxy adds them). */
  client(auth?: Record<string, unknown>, headers?: Record<string, string>): Promise<TestClient>;
  close(): Promise<void>;
}

/** A real client of the server at `url` (in this process or another), not yet connected. */
export function connectTestClient(
  url: string,
  auth: Record<string, unknown> = { protocol: 1 },
  headers: Record<string, string> = {},
): TestClient {
  return connect(url, {
    transports: ['websocket'],
    auth,
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
}

/** Resolves once `socket` is connected; rejects if the server refuses it. */
export function connected(socket: TestClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

/** A real signaling server on 127.0.0.1, on a free port or on `port` (a restart's). */
export async function startTestServer(
  options: SignalServerOptions = {},
  port = 0,
): Promise<TestServer> {
  const http = createServer();
  const signal = createSignalServer(http, { logger: pino({ level: 'silent' }), ...options });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: TestClient[] = [];
  return {
    url,
    signal,
    async client(auth = { protocol: 1 }, headers = {}) {
      const socket = connectTestClient(url, auth, headers);
      clients.push(socket);
      await connected(socket);
      return socket;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await signal.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Collects every event of one name a client receives. */
export function record<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event as 'signal', (payload: unknown) => {
    seen.push(payload as Parameters<ServerToClientEvents[E]>[0]);
  });
  return seen;
}

/** Resolves with the next event of that name. */
export function next<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
  timeoutMs = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once(event as 'signal', (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload as Parameters<ServerToClientEvents[E]>[0]);
    });
  });
}

/** A round trip through the server: everything it sent us before this has arrived. */
export async function settle(socket: TestClient): Promise<void> {
  await socket.emitWithAck('peer:update', {});
}

/** Joins through a real client, failing the test on a refusal. */
export async function joined(
  socket: TestClient,
  room: string,
  name: string,
  resume?: string,
): Promise<JoinResult> {
  const res = await socket.emitWithAck('room:join', {
    room,
    name,
    ...(resume !== undefined && { resume }),
  });
  if (!res.ok) throw new Error(`join failed: ${res.error.code}`);
  return res;
}

/** A syntactically plausible offer for relay tests (never applied to a peer connection). */
export const OFFER = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
