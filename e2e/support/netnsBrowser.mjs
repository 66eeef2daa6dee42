// Runs a browser inside a network namespace and keeps its WebDriver BiDi endpoint reachable.
// Firefox serves BiDi on a WebSocket at 127.0.0.1 of its own namespace, which the test runner
// outside cannot reach; a Unix socket (a file, seen from every namespace) carries the
// connection across: runner → 127.0.0.1:P (here) → unix socket → 127.0.0.1:port (in there).
//
//   node netnsBrowser.mjs <namespace> <browser> [args…]   the wrapper Playwright launches
//   node netnsBrowser.mjs --inside <socket> <port>        the half that runs in the namespace
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Pipes every connection accepted by `server` to a new connection made by `connect()`. */
function relay(server, connect) {
  server.on('connection', (client) => {
    const upstream = connect();
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return server;
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--inside') {
  const [socketPath, port] = rest;
  relay(createServer(), () => createConnection(Number(port), '127.0.0.1')).listen(socketPath);
} else {
  const [browser, ...args] = rest;
  const namespace = first;
  const scratch = mkdtempSync(join(tmpdir(), 'room-call-bidi-'));
  const helpers = [];
  const child = spawn('ip', ['netns', 'exec', namespace, browser, ...args], {
    stdio: ['inherit', 'inherit', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => {
    const match = /^(.*ws:\/\/127\.0\.0\.1:)(\d+)(.*)$/.exec(line);
    if (!match) {
      process.stderr.write(`${line}\n`);
      return;
    }
    const socketPath = join(scratch, 'bidi.sock');
    const inside = spawn(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        process.execPath,
        fileURLToPath(import.meta.url),
        '--inside',
        socketPath,
        match[2],
      ],
      { stdio: 'inherit' },
    );
    helpers.push(inside);
    const outside = relay(createServer(), () => createConnection(socketPath));
    helpers.push({ kill: () => outside.close() });
    // Announce the endpoint once both halves listen, or the runner's first connection fails.
    const announce = () => {
      if (!existsSync(socketPath) || !outside.listening) return void setTimeout(announce, 20);
      process.stderr.write(`${match[1]}${outside.address().port}${match[3]}\n`);
    };
    // The same port number as inside: Firefox refuses a Host header naming another port.
    outside.listen(Number(match[2]), '127.0.0.1', announce);
  });
  const stop = () => {
    for (const helper of helpers) helper.kill();
    rmSync(scratch, { recursive: true, force: true });
  };
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}
