import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import httpProxy from 'http-proxy';

/**
 * A stand-in for the load balancer in front of several signaling nodes: pages
 * load from it and their WebSocket goes through it to the node it points at.
 * Repointing it after a node dies is what a health-checking balancer does.
 */
export interface FrontProxy {
  url: string;
  pointTo(target: string): void;
  close(): Promise<void>;
}

export async function startFrontProxy(target: string): Promise<FrontProxy> {
  let current = target;
  const proxy = httpProxy.createProxyServer({});
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    proxy.web(req, res, { target: current }, () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    // A dead target ends the client's socket, so the client sees a drop and reconnects.
    proxy.ws(req, socket, head, { target: current }, () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pointTo(next) {
      current = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      proxy.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
