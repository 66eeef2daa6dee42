import { describe, expect, it } from 'vitest';
import { issueResumeToken, verifyResumeToken } from './resumeToken.ts';

const secret = 'test-secret-test-secret';

describe('resume tokens', () => {
  it('round-trips a claim under the same secret', () => {
    const token = issueResumeToken(secret, { peerId: 'p1', room: 'r' }, 60_000);
    expect(verifyResumeToken(secret, token)).toEqual({ peerId: 'p1', room: 'r' });
  });

  it('refuses another secret, a tampered payload, and an expired token', () => {
    const token = issueResumeToken(secret, { peerId: 'p1', room: 'r' }, 60_000, 1_000);
    expect(verifyResumeToken('other-secret-other', token, 2_000)).toBeNull();
    const [payload = '', mac = ''] = token.split('.');
    const tampered = Buffer.from(
      Buffer.from(payload, 'base64url').toString().replace('p1', 'p2'),
    ).toString('base64url');
    expect(verifyResumeToken(secret, `${tampered}.${mac}`, 2_000)).toBeNull();
    expect(verifyResumeToken(secret, token, 1_000 + 60_001)).toBeNull();
    expect(verifyResumeToken(secret, 'garbage', 2_000)).toBeNull();
    expect(verifyResumeToken(secret, '', 2_000)).toBeNull();
  });
});
