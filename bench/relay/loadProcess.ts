/**
 * Child process: the load generator. Opens pairs of clients, each pair alone
 * in a room, and runs one load pattern against the server(s), reporting over IPC.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CANDIDATE } from './messages.ts';
import type { LoadCommand, LoadMessage, LoadSpec } from './messages.ts';
import { connectClient } from './clients.ts';
import type { RelayClient } from './clients.ts';

const send = (m: LoadMessage) => process.send?.(m);

interface Pair {
  a: RelayClient;
  b: RelayClient;
  aId: string;
  bId: string;
}

async function openPairs(spec: LoadSpec): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const batch = 25;
  for (let start = 0; start < spec.pairs; start += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, spec.pairs - start) }, async (_, k) => {
        const i = start + k;
        const urlA = spec.urls[0] ?? '';
        const urlB = spec.urls[1 % spec.urls.length] ?? urlA;
        const [a, b] = await Promise.all([
          connectClient(spec.kind, urlA),
          connectClient(spec.kind, urlB),
        ]);
        const aId = await a.join(`bench-${i}`, 'A');
        const bId = await b.join(`bench-${i}`, 'B');
        return { a, b, aId, bId };
      }),
    );
    pairs.push(...opened);
  }
  return pairs;
}

/**
 * Closed loop: every client keeps `window` signals in flight to its partner. A signal is in
 * flight until the partner has it (not merely until the server acknowledged it), so that no
 * setup can take in more than it delivers: between two nodes the acknowledgement comes before
 * the message has crossed Redis, and a loop paced by acknowledgements alone would pile messages
 * up there and count the cost of the pile against the ones that arrive.
 */
async function saturate(pairs: Pair[], window: number, warmupMs: number, measureMs: number) {
  let relayed = 0;
  let running = true;
  const noop = () => undefined;
  for (const { a, b, aId, bId } of pairs) {
    const toB = () => {
      if (running) a.signal(bId, CANDIDATE, noop);
    };
    const toA = () => {
      if (running) b.signal(aId, CANDIDATE, noop);
    };
    b.onSignal(() => {
      relayed++;
      toB();
    });
    a.onSignal(() => {
      relayed++;
      toA();
    });
    for (let i = 0; i < window; i++) {
      toB();
      toA();
    }
  }
  await sleep(warmupMs);
  relayed = 0;
  send({ type: 'measure-start' });
  await sleep(measureMs);
  send({ type: 'measure-end', relayed, rttsMs: [] });
  running = false;
}

/**
 * Open loop at a fixed rate: A pings B, B echoes at once, A times the round
 * trip (two relays). The rate does not bend to the server's speed.
 */
async function pingpong(
  pairs: Pair[],
  pingsPerSecond: number,
  warmupMs: number,
  measureMs: number,
) {
  const sentAt = new Map<string, number>();
  let rtts: number[] = [];
  let relayed = 0;
  const noop = () => undefined;
  for (const { a, b, aId } of pairs) {
    b.onSignal((_from, c) => {
      relayed++;
      b.signal(aId, { ...c, sdpMid: `q${c.sdpMid.slice(1)}` }, noop);
    });
    a.onSignal((_from, c) => {
      relayed++;
      const started = sentAt.get(c.sdpMid.slice(1));
      sentAt.delete(c.sdpMid.slice(1));
      if (started !== undefined) rtts.push(performance.now() - started);
    });
  }
  let seq = 0;
  let sent = 0;
  const begin = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - begin) / 1000) * pingsPerSecond);
    for (; sent < due; sent++) {
      const pair = pairs[sent % pairs.length];
      if (!pair) continue;
      const id = String(seq++);
      sentAt.set(id, performance.now());
      pair.a.signal(pair.bId, { ...CANDIDATE, sdpMid: `p${id}` }, noop);
    }
  }, 2);
  await sleep(warmupMs);
  rtts = [];
  relayed = 0;
  send({ type: 'measure-start' });
  await sleep(measureMs);
  clearInterval(timer);
  send({ type: 'measure-end', relayed, rttsMs: rtts });
}

/** The pairs of an idle run, until told to close them. */
let idlePairs: Pair[] = [];

process.on('message', (cmd: LoadCommand) => {
  if (cmd.type === 'stop') process.exit(0);
  if (cmd.type === 'close') {
    // Each client says goodbye (room-call's server then lets its peer go at once, no grace).
    for (const { a, b } of idlePairs) {
      a.close();
      b.close();
    }
    idlePairs = [];
    send({ type: 'closed' });
    return;
  }
  void run(cmd.spec).catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
});
process.on('disconnect', () => process.exit(0));

async function run(spec: LoadSpec): Promise<void> {
  const pairs = await openPairs(spec);
  send({ type: 'ready' });
  const { mode } = spec;
  if (mode.type === 'saturate') {
    await saturate(pairs, mode.window, mode.warmupMs, mode.measureMs);
  } else if (mode.type === 'pingpong') {
    await pingpong(pairs, mode.pingsPerSecond, mode.warmupMs, mode.measureMs);
  } else {
    idlePairs = pairs;
    return; // idle: stay connected until told to close or stop
  }
  for (const { a, b } of pairs) {
    a.close();
    b.close();
  }
}
