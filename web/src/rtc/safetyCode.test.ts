import { describe, expect, it } from 'vitest';
import { fingerprintsOf, safetyCodeFromFingerprints, safetyCodeFromSdp } from './safetyCode.ts';

const fpA =
  'sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9';
const fpB =
  'sha-256 FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00:FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00';
const fpM =
  'sha-256 12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0';

const sdpWith = (fp: string) =>
  [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    `a=fingerprint:${fp.toLowerCase()}`,
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    `a=fingerprint:${fp}`,
    '',
  ].join('\r\n');

describe('fingerprintsOf', () => {
  it('reads every fingerprint once, whatever its case', () => {
    expect(fingerprintsOf(sdpWith(fpA))).toEqual([fpA]);
  });

  it('finds nothing in an SDP without fingerprints', () => {
    expect(fingerprintsOf('v=0\r\ns=-\r\n')).toEqual([]);
  });
});

describe('safetyCodeFromFingerprints', () => {
  it('gives five groups of four digits', async () => {
    expect(await safetyCodeFromFingerprints([fpA], [fpB])).toMatch(/^\d{4}( \d{4}){4}$/);
  });

  it('is the same on both ends (order-independent)', async () => {
    expect(await safetyCodeFromFingerprints([fpA], [fpB])).toBe(
      await safetyCodeFromFingerprints([fpB], [fpA]),
    );
  });

  it('differs when one end sees a different certificate (a swapped SDP)', async () => {
    const honest = await safetyCodeFromFingerprints([fpA], [fpB]);
    expect(await safetyCodeFromFingerprints([fpA], [fpM])).not.toBe(honest);
    expect(await safetyCodeFromFingerprints([fpM], [fpB])).not.toBe(honest);
  });

  it('is stable for the same inputs', async () => {
    const first = await safetyCodeFromFingerprints([fpA], [fpB]);
    expect(await safetyCodeFromFingerprints([fpA], [fpB])).toBe(first);
  });
});

describe('safetyCodeFromSdp', () => {
  it('matches between the two descriptions of one connection', async () => {
    const a = sdpWith(fpA);
    const b = sdpWith(fpB);
    const code = await safetyCodeFromSdp(a, b);
    expect(code).not.toBeNull();
    expect(await safetyCodeFromSdp(b, a)).toBe(code);
  });

  it('is null when a description has no fingerprint', async () => {
    expect(await safetyCodeFromSdp(sdpWith(fpA), 'v=0\r\n')).toBeNull();
  });
});
