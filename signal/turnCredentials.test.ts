import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './turnCredentials.ts';

describe('TURN credentials', () => {
  it('match a vector computed independently with the openssl command line', () => {
    // printf '%s' '1700003600:peer-abc' | openssl dgst -sha1 -hmac north-wind-secret -binary | base64
    const c = turnCredential('north-wind-secret', 'peer-abc', 3600, 1_700_000_000_000);
    expect(c).toEqual({
      username: '1700003600:peer-abc',
      credential: 'RcwZXLVqV85z+g1qcN/l6GPvQoc=',
      expiresAt: 1_700_003_600,
    });
  });

  it('match WebCrypto HMAC-SHA1 for other inputs, and differ per peer and secret', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0, 750);
    const c = turnCredential('another-secret-value', 'Zx_9-k', 90, now);
    expect(c.username).toBe(`${Math.floor(now / 1000) + 90}:Zx_9-k`);
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('another-secret-value'),
      { name: 'HMAC', hash: 'SHA-1' },
      false,
      ['sign'],
    );
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(c.username));
    expect(c.credential).toBe(Buffer.from(mac).toString('base64'));
    expect(turnCredential('another-secret-value', 'other', 90, now).credential).not.toBe(
      c.credential,
    );
    expect(turnCredential('a-different-secret', 'Zx_9-k', 90, now).credential).not.toBe(
      c.credential,
    );
  });

  it('can be made already expired for tests of the failure path', () => {
    expect(turnCredential('s', 'p', -60, 1_000_000).expiresAt).toBe(1000 - 60);
  });
});

describe('iceServersFor', () => {
  const settings = {
    stunUrls: ['stun:stun.example.org'],
    turnUrls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
    turnSecret: 'the-shared-secret',
    turnTtlSeconds: 3600,
  };

  it('hands each join a fresh TURN credential and never the secret', () => {
    let now = 1_800_000_000_000;
    const forPeer = iceServersFor(settings, () => now);
    const first = forPeer('peer1');
    expect(first).toEqual([
      { urls: ['stun:stun.example.org'] },
      {
        urls: settings.turnUrls,
        username: '1800003600:peer1',
        credential: createHmac('sha1', settings.turnSecret)
          .update('1800003600:peer1')
          .digest('base64'),
      },
    ]);
    now += 60_000;
    const later = forPeer('peer1');
    expect(later[1]?.username).toBe('1800003660:peer1');
    expect(later[1]?.credential).not.toBe(first[1]?.credential);
    expect(JSON.stringify([first, later])).not.toContain(settings.turnSecret);
  });

  it('leaves out what is not configured', () => {
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnTtlSeconds: 60 })('p')).toEqual([]);
    expect(iceServersFor({ ...settings, stunUrls: [] })('p')).toHaveLength(1);
  });
});
