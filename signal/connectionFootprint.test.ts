import { afterEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { joined, startTestServer } from './testing.ts';
import type { TestClient, TestServer } from './testing.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer;
afterEach(() => server.close());

/** A client whose upgrade request carries these headers (as a reverse proxy would add them). */
const clientWith = (headers: Record<string, string>): Promise<TestClient> =>
  server.client(undefined, headers);

const serverSocket = (client: TestClient) => {
  const socket =
    client.id === undefined ? undefined : server.signal.io.sockets.sockets.get(client.id);
  if (!socket) throw new Error('no server socket for this client');
  return socket;
};

describe('what a connection keeps of its upgrade request', () => {
  it('keeps no request and, without a trusted proxy, no headers, but the address and auth', async () => {
    server = await startTestServer();
    const client = await clientWith({
      'x-forwarded-for': '203.0.113.7',
      'x-filler': 'a'.repeat(500),
    });
    const socket = serverSocket(client);
    expect(socket.request).toBeNull();
    expect(socket.handshake.headers).toEqual({});
    expect(socket.handshake.url).toBe('');
    expect(socket.handshake.address).toBe('127.0.0.1');
    expect(socket.handshake.auth).toEqual({ protocol: 1 });
    // Still a working connection.
    await joined(client, 'footprint', 'Ann');
  });

  it('keeps the forwarded address behind a trusted proxy: the join limit still counts by it', async () => {
    server = await startTestServer({ trustProxy: true, limits: { joinsPerIpPerMinute: 1 } });
    const first = await clientWith({ 'x-forwarded-for': '203.0.113.7', 'user-agent': 'test' });
    expect(serverSocket(first).handshake.headers).toEqual({ 'x-forwarded-for': '203.0.113.7' });
    await joined(first, 'footprint', 'Ann');
    // Joined after the release: the limit of the same forwarded address is spent...
    const same = await clientWith({ 'x-forwarded-for': '203.0.113.7' });
    const refused = await same.emitWithAck('room:join', { room: 'footprint', name: 'Bob' });
    expect(refused.ok ? null : refused.error.code).toBe('rate-limited');
    // ...and another address's is not, though both come from the same proxy.
    const other = await clientWith({ 'x-forwarded-for': '198.51.100.9' });
    await joined(other, 'footprint', 'Cy');
  });

  it('lets the upgrade’s stand-in response go once the socket is connected', async () => {
    server = await startTestServer();
    // Registered after room-call's own engine middlewares, so it sees the same response last.
    const responses: WeakRef<object>[] = [];
    server.signal.io.engine.use((_req: unknown, res: object, next: () => void) => {
      responses.push(new WeakRef(res));
      next();
    });
    const client = await clientWith({});
    await joined(client, 'footprint', 'Ann');
    expect(responses).toHaveLength(1);
    // A WeakRef is cleared only after the job that collected its target ends.
    await expect
      .poll(() => {
        gc();
        return responses[0]?.deref();
      })
      .toBeUndefined();
  });
});
