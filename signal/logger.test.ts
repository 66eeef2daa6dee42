import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from './logger.ts';
import { startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';

let server: TestServer;
afterEach(async () => {
  await server.close();
});

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('trace', stream) };
}

describe('logs', () => {
  it('are JSON lines without addresses, passwords or tokens, even at trace level', async () => {
    const { lines, logger } = capture();
    server = await startTestServer({ logger, graceMs: 5000 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await a.emitWithAck('room:join', {
      room: 'Private',
      name: 'Alice',
      password: 'correct horse',
    });
    if (!alice.ok) throw new Error('join failed');
    await b.emitWithAck('room:join', { room: 'Private', name: 'Bob', password: 'wrong horse' });
    a.io.engine.close();
    const back = await server.client();
    await back.emitWithAck('room:join', { room: 'Private', name: 'Alice', resume: alice.resume });
    await back.emitWithAck('room:leave', {});

    expect(lines.length).toBeGreaterThan(3);
    const text = lines.join('');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    for (const secret of ['127.0.0.1', 'correct horse', 'wrong horse', alice.resume, 'Alice']) {
      expect(text).not.toContain(secret);
    }
  });

  it('redact secrets and addresses passed by mistake', () => {
    const { lines, logger } = capture();
    logger.info(
      { password: 'p4ss', resume: 'tok', ip: '10.0.0.1', req: { headers: { cookie: 'c' } } },
      'oops',
    );
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ password: '[redacted]', resume: '[redacted]', ip: '[redacted]' });
    expect(lines[0]).not.toContain('10.0.0.1');
    expect(lines[0]).not.toContain('cookie');
  });
});
