/** Property-based tests of every client event's validator. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Limits } from './protocol.ts';
import { joinSchema, leaveSchema, signalSchema, updateSchema } from './schemas.ts';
import { normalizeDisplayName, normalizeRoomName, roomKey } from './names.ts';
import { nestedDeeperThan } from './parser.ts';

const anyInput = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
});
const keysOf = (v: object) => Object.keys(v).sort();
const subsetOf = (keys: string[], allowed: string[]) => keys.every((k) => allowed.includes(k));
const codePoints = (s: string) => Array.from(s).length;

const peerId = fc.string({ minLength: 1, maxLength: 64 });
const description = fc.record({
  type: fc.constantFrom('offer' as const, 'answer' as const),
  sdp: fc.string({ minLength: 1, maxLength: 2000 }),
});
const candidate = fc.option(
  fc.record(
    {
      candidate: fc.string({ maxLength: Limits.maxCandidateLength }),
      sdpMid: fc.option(fc.string({ maxLength: 64 })),
      sdpMLineIndex: fc.option(fc.integer({ min: 0, max: 1024 })),
      usernameFragment: fc.option(fc.string({ maxLength: 256 })),
    },
    { requiredKeys: [] },
  ),
);

describe('room:join', () => {
  it('never throws, and what it accepts has only the known fields within their bounds', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = joinSchema.safeParse(input);
        if (!parsed.success) return;
        const { room, name, password, resume } = parsed.data;
        expect(subsetOf(keysOf(parsed.data), ['room', 'name', 'password', 'resume'])).toBe(true);
        expect(typeof room === 'string' && room.length <= 1024).toBe(true);
        expect(typeof name === 'string' && name.length <= 1024).toBe(true);
        expect(password === undefined || password.length <= Limits.maxPasswordLength).toBe(true);
        expect(resume === undefined || resume.length <= Limits.maxResumeTokenLength).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every well-formed request unchanged', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            room: fc.string({ maxLength: 1024 }),
            name: fc.string({ maxLength: 1024 }),
            password: fc.string({ maxLength: Limits.maxPasswordLength }),
            resume: fc.string({ maxLength: Limits.maxResumeTokenLength }),
          },
          { requiredKeys: ['room', 'name'] },
        ),
        (req) => {
          expect(joinSchema.parse(req)).toEqual(req);
        },
      ),
    );
  });

  it('room names: valid ones are normalised, bounded, stable, and never contain markup or colons', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (raw) => {
        const name = normalizeRoomName(raw);
        if (name === null) return;
        expect(codePoints(name)).toBeGreaterThanOrEqual(1);
        expect(codePoints(name)).toBeLessThanOrEqual(Limits.roomNameMax);
        expect(name).not.toMatch(/[:<>/\\'"&]/);
        expect(normalizeRoomName(name)).toBe(name);
        expect(roomKey(roomKey(name))).toBe(roomKey(name));
      }),
      { numRuns: 1000 },
    );
  });

  it('display names: valid ones are bounded, stable, and free of control and bidi characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (raw) => {
        const name = normalizeDisplayName(raw);
        if (name === null) return;
        expect(codePoints(name)).toBeGreaterThanOrEqual(1);
        expect(codePoints(name)).toBeLessThanOrEqual(Limits.displayNameMax);
        expect(name).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
        expect(normalizeDisplayName(name)).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});

describe('room:leave', () => {
  it('accepts any plain object as {} and nothing else', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = leaveSchema.safeParse(input);
        if (parsed.success) expect(parsed.data).toEqual({});
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
          expect(parsed.success).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('signal', () => {
  it('never throws, and what it accepts names a recipient and carries exactly one of description and candidate', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = signalSchema.safeParse(input);
        if (!parsed.success) return;
        const { to, description: d, candidate: c } = parsed.data;
        expect(typeof to === 'string' && to.length >= 1 && to.length <= 64).toBe(true);
        expect((d === undefined) !== (c === undefined)).toBe(true);
        expect(d === undefined || d.sdp.length <= Limits.maxSdpBytes).toBe(true);
        expect(subsetOf(keysOf(parsed.data), ['to', 'description', 'candidate'])).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every well-formed description or candidate, and refuses both or neither', () => {
    fc.assert(
      fc.property(peerId, description, candidate, (to, d, c) => {
        expect(signalSchema.parse({ to, description: d })).toEqual({ to, description: d });
        expect(signalSchema.parse({ to, candidate: c })).toEqual({ to, candidate: c });
        expect(signalSchema.safeParse({ to, description: d, candidate: c }).success).toBe(false);
        expect(signalSchema.safeParse({ to }).success).toBe(false);
      }),
    );
  });

  it('refuses recipients and fields of the wrong type or size', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.string({ minLength: 65 })),
        (to) => {
          expect(signalSchema.safeParse({ to, candidate: null }).success).toBe(false);
        },
      ),
    );
    expect(
      signalSchema.safeParse({
        to: 'p',
        description: { type: 'offer', sdp: 'x'.repeat(Limits.maxSdpBytes + 1) },
      }).success,
    ).toBe(false);
    for (const candidate of [
      { candidate: 'x'.repeat(Limits.maxCandidateLength + 1) },
      { candidate: 7 },
      { sdpMid: 'x'.repeat(65) },
      { sdpMid: 0 },
      { sdpMLineIndex: -1 },
      { sdpMLineIndex: 1.5 },
      { sdpMLineIndex: 1025 },
      { sdpMLineIndex: '0' },
      { usernameFragment: 'x'.repeat(257) },
      { usernameFragment: false },
    ]) {
      expect(signalSchema.safeParse({ to: 'p', candidate }).success).toBe(false);
    }
  });
});

describe('peer:update', () => {
  it('never throws, and what it accepts holds only boolean media flags', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = updateSchema.safeParse(input);
        if (!parsed.success) return;
        expect(subsetOf(keysOf(parsed.data), ['audio', 'video', 'screen'])).toBe(true);
        for (const value of Object.values(parsed.data)) expect(typeof value).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every combination of flags', () => {
    fc.assert(
      fc.property(
        fc.record(
          { audio: fc.boolean(), video: fc.boolean(), screen: fc.boolean() },
          { requiredKeys: [] },
        ),
        (patch) => {
          expect(updateSchema.parse(patch)).toEqual(patch);
        },
      ),
    );
  });
});

describe('frame depth guard', () => {
  const depth = (v: unknown): number =>
    v !== null && typeof v === 'object'
      ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depth))
      : 0;

  it('measures the nesting of any JSON text exactly', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ depthSize: 'large' }),
        fc.integer({ min: 0, max: 12 }),
        (v, max) => {
          expect(nestedDeeperThan(JSON.stringify(v), max)).toBe(depth(v) > max);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
