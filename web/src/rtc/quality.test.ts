import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocale } from '../i18n/index.ts';
import { classifyQuality, describeQuality, sampleBetween, snapshotFromStats } from './quality.ts';
import type { StatsSnapshot } from './quality.ts';

const report = (over: { t: number; rx: number; lost: number; bytes: number; rtt?: number }) => [
  { id: 'T01', type: 'transport', timestamp: over.t, selectedCandidatePairId: 'CP1' },
  { id: 'CP1', type: 'candidate-pair', timestamp: over.t, currentRoundTripTime: over.rtt ?? 0.02 },
  {
    id: 'IA',
    type: 'inbound-rtp',
    kind: 'audio',
    timestamp: over.t,
    packetsReceived: over.rx / 2,
    packetsLost: over.lost / 2,
    bytesReceived: over.bytes / 4,
  },
  {
    id: 'IV',
    type: 'inbound-rtp',
    kind: 'video',
    timestamp: over.t,
    packetsReceived: over.rx / 2,
    packetsLost: over.lost / 2,
    bytesReceived: (over.bytes * 3) / 4,
  },
  { id: 'OV', type: 'outbound-rtp', kind: 'video', timestamp: over.t, bytesSent: 999_999 },
];

describe('snapshotFromStats', () => {
  it('sums inbound counters and reads the selected pair round-trip time', () => {
    expect(
      snapshotFromStats(report({ t: 1000, rx: 200, lost: 4, bytes: 40_000, rtt: 0.05 })),
    ).toEqual({
      timestamp: 1000,
      rttMs: 50,
      packetsReceived: 200,
      packetsLost: 4,
      bytesReceived: 40_000,
    });
  });

  it('falls back to the remote-inbound round-trip time when no pair is selected', () => {
    const s = snapshotFromStats([
      { id: 'R', type: 'remote-inbound-rtp', timestamp: 5, roundTripTime: 0.1 },
    ]);
    expect(s.rttMs).toBeCloseTo(100);
  });

  it('reports nothing known for an empty report', () => {
    expect(snapshotFromStats([])).toEqual({
      timestamp: 0,
      rttMs: null,
      packetsReceived: 0,
      packetsLost: 0,
      bytesReceived: 0,
    });
  });
});

describe('sampleBetween', () => {
  const a = snapshotFromStats(report({ t: 1000, rx: 1000, lost: 0, bytes: 100_000 }));
  it('gives loss in percent of expected packets and bitrate in kbit/s', () => {
    const b = snapshotFromStats(report({ t: 3000, rx: 1950, lost: 50, bytes: 600_000 }));
    const s = sampleBetween(a, b);
    expect(s.lossPct).toBeCloseTo(5);
    expect(s.bitrateKbps).toBeCloseTo(2000);
    expect(s.rttMs).toBeCloseTo(20);
  });

  it('does not guess when no time passed or no packet was expected', () => {
    const s = sampleBetween(a, a);
    expect(s.lossPct).toBeNull();
    expect(s.bitrateKbps).toBeNull();
  });

  it('never reports negative rates after counters go back', () => {
    const later: StatsSnapshot = { ...a, timestamp: 2000, bytesReceived: 0 };
    expect(sampleBetween(a, later).bitrateKbps).toBe(0);
  });
});

describe('classifyQuality', () => {
  it('is good on a fast clean path', () => {
    expect(
      classifyQuality({ rttMs: 20, lossPct: 0, bitrateKbps: 1500 }, { expectVideo: true }),
    ).toBe('good');
  });

  it('is fair with moderate delay or loss', () => {
    expect(classifyQuality({ rttMs: 350, lossPct: 0, bitrateKbps: 1500 })).toBe('fair');
    expect(classifyQuality({ rttMs: 20, lossPct: 4, bitrateKbps: 1500 })).toBe('fair');
  });

  it('is poor with long delay or heavy loss', () => {
    expect(classifyQuality({ rttMs: 800, lossPct: 0, bitrateKbps: 1500 })).toBe('poor');
    expect(classifyQuality({ rttMs: 20, lossPct: 15, bitrateKbps: 1500 })).toBe('poor');
  });

  it('counts a starved video stream only when video is expected', () => {
    const starved = { rttMs: 20, lossPct: 0, bitrateKbps: 40 };
    expect(classifyQuality(starved, { expectVideo: true })).toBe('fair');
    expect(classifyQuality(starved, { expectVideo: false })).toBe('good');
  });

  it('is unknown before anything was measured', () => {
    expect(classifyQuality({ rttMs: null, lossPct: null, bitrateKbps: null })).toBe('unknown');
  });
});

describe('describeQuality', () => {
  // Korean is fetched on demand in the app.
  beforeAll(() => loadLocale('ko'));

  it('explains the numbers behind the level', () => {
    expect(describeQuality('fair', { rttMs: 351.2, lossPct: 4, bitrateKbps: 1234 })).toBe(
      'Unstable connection: round trip 351 ms, packet loss 4.0 %, receiving 1.2 Mbit/s',
    );
  });

  it('speaks Korean with the same numbers', () => {
    expect(describeQuality('poor', { rttMs: 1234.4, lossPct: 12.25, bitrateKbps: 640 }, 'ko')).toBe(
      '연결 나쁨: 왕복 지연 1,234ms, 패킷 손실 12.3%, 수신 640kbit/s',
    );
  });

  it('says it is still measuring without a sample', () => {
    expect(describeQuality('unknown', null)).toBe('Measuring connection…');
  });
});
