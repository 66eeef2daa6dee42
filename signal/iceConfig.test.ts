import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

const secret = 'a-turn-secret-of-some-length';

describe('ICE configuration', () => {
  it('has no STUN or TURN and lets ICE use every path by default', () => {
    const c = readConfig({});
    expect(c.STUN_URLS).toEqual([]);
    expect(c.TURN_URLS).toEqual([]);
    expect(c.TURN_SECRET).toBeUndefined();
    expect(c.TURN_TTL).toBe(3600);
    expect(c.ICE_TRANSPORT_POLICY).toBe('all');
  });

  it('reads URL lists separated by commas or spaces', () => {
    const c = readConfig({
      STUN_URLS: 'stun:stun.example.org:3478',
      TURN_URLS:
        'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349  turn:10.0.0.1',
      TURN_SECRET: secret,
      TURN_TTL: '600',
      ICE_TRANSPORT_POLICY: 'relay',
    });
    expect(c.STUN_URLS).toEqual(['stun:stun.example.org:3478']);
    expect(c.TURN_URLS).toEqual([
      'turn:turn.example.org:3478?transport=udp',
      'turns:turn.example.org:5349',
      'turn:10.0.0.1',
    ]);
    expect(c.TURN_TTL).toBe(600);
    expect(c.ICE_TRANSPORT_POLICY).toBe('relay');
  });

  const refuses = (env: Record<string, string>, variable: string, words: RegExp) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(new RegExp(`${variable}: .*${words.source}`));
  };

  it('names the variable that is wrong', () => {
    refuses({ STUN_URLS: 'http://stun.example.org' }, 'STUN_URLS', /"http:\/\/stun.example.org"/);
    refuses({ TURN_URLS: 'stun:x', TURN_SECRET: secret }, 'TURN_URLS', /turn: or turns:/);
    refuses({ TURN_URLS: 'turn:x' }, 'TURN_SECRET', /required when TURN_URLS/);
    refuses({ TURN_SECRET: secret }, 'TURN_URLS', /required when TURN_SECRET/);
    refuses({ TURN_URLS: 'turn:x', TURN_SECRET: 'short' }, 'TURN_SECRET', /16/);
    refuses({ TURN_URLS: 'turn:x', TURN_SECRET: secret, TURN_TTL: 'soon' }, 'TURN_TTL', /number/);
    refuses({ ICE_TRANSPORT_POLICY: 'relay' }, 'ICE_TRANSPORT_POLICY', /needs a TURN server/);
    refuses({ ICE_TRANSPORT_POLICY: 'none' }, 'ICE_TRANSPORT_POLICY', /relay/);
  });
});
