import { describe, expect, it } from 'vitest';
import { isStaleCandidate, isStaleDescription, sdpOrigin } from './staleSignal.ts';

const sdp = (version: number, ufrag: string, session = '4611731400430051336') =>
  [
    'v=0',
    `o=- ${session} ${version} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    `a=ice-ufrag:${ufrag}`,
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    `a=ice-ufrag:${ufrag}`,
    '',
  ].join('\r\n');

describe('stale signaling', () => {
  it('reads the origin line with 64-bit session ids', () => {
    expect(sdpOrigin(sdp(3, 'abcd'))).toEqual({ sessionId: '4611731400430051336', version: 3n });
    expect(sdpOrigin('v=0\r\n')).toBeNull();
  });

  it('treats a description no newer than the applied one as stale', () => {
    expect(isStaleDescription(sdp(2, 'a'), null)).toBe(false);
    expect(isStaleDescription(sdp(3, 'b'), sdp(2, 'a'))).toBe(false);
    expect(isStaleDescription(sdp(2, 'a'), sdp(2, 'a'))).toBe(true);
    expect(isStaleDescription(sdp(1, 'a'), sdp(2, 'a'))).toBe(true);
    // Another session (the peer reloaded its connection) is never stale.
    expect(isStaleDescription(sdp(1, 'a', '77'), sdp(5, 'a'))).toBe(false);
  });

  it('treats a candidate for replaced ICE credentials as stale', () => {
    const current = sdp(4, 'newfrag');
    expect(isStaleCandidate({ usernameFragment: 'oldfrag' }, current)).toBe(true);
    expect(isStaleCandidate({ usernameFragment: 'newfrag' }, current)).toBe(false);
    // Without a ufrag, or before any remote description, the browser decides.
    expect(isStaleCandidate({}, current)).toBe(false);
    expect(isStaleCandidate({ usernameFragment: 'x' }, null)).toBe(false);
  });
});
