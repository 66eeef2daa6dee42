/**
 * Child process of the join bench: serves the baseline pages (baselinePages.ts) and a bare `ws`
 * relay that forwards each message to every other connected page, alone in its process like the
 * app's server. Prints `listening <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { floorPage, minimalCallPage } from './baselinePages.ts';

const pages: Record<string, string> = {
  '/call': minimalCallPage,
  '/call-shown': minimalCallPage,
  '/floor': floorPage,
};
const http = createServer((req, res) => {
  const body = pages[req.url ?? ''];
  res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' });
  res.end(body ?? 'not found');
});
const relay = new WebSocketServer({ server: http, path: '/ws' });
const clients = new Set<WebSocket>();
relay.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('message', (data, isBinary) => {
    for (const other of clients) if (other !== ws) other.send(data, { binary: isBinary });
  });
});
http.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
