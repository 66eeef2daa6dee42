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
      availableOutgoingBps: null,
      encoderS: 0,
      bandwidthLimitedS: 0,
      videoBytesSent: 999_999,
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
      availableOutgoingBps: null,
      encoderS: 0,
      bandwidthLimitedS: 0,
      videoBytesSent: 0,
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

  /**
   * A report where our video encoder has run `encoded` s, `limited` of them held back by
   * bandwidth, and sent `sent` bytes.
   */
  const sending = (t: number, encoded: number, limited: number, estimateBps: number, sent = 0) =>
    snapshotFromStats([
      ...report({ t, rx: t, lost: 0, bytes: t * 50 }),
      { id: 'CP1', type: 'candidate-pair', timestamp: t, availableOutgoingBitrate: estimateBps },
      {
        id: 'OV2',
        type: 'outbound-rtp',
        kind: 'video',
        timestamp: t,
        bytesSent: sent,
        qualityLimitationDurations: {
          none: encoded - limited,
          cpu: 0,
          bandwidth: limited,
          other: 0,
        },
      },
    ]);

  it('reports what congestion control lets us send when it held our video back most of the time', () => {
    const s = sampleBetween(sending(1000, 10, 0, 900_000), sending(3000, 12, 1.5, 240_000));
    expect(s.sendLimitKbps).toBeCloseTo(240);
  });

  it('reports an estimate under the poor line while our video flows, limitation reported or not', () => {
    // Seen at 500 kbit/s and 2 % loss: a full-size picture at ~100 kbit/s, "no limitation".
    const s = sampleBetween(
      sending(1000, 10, 0, 180_000, 50_000),
      sending(3000, 12, 0, 180_000, 75_000),
    );
    expect(s.sendLimitKbps).toBeCloseTo(180);
  });

  it('says nothing of sending on a good path, or with no video flowing', () => {
    // A camera sending 0.6 Mbit/s on a 5 Mbit/s link: the estimate runs far above it.
    const good = sampleBetween(
      sending(1000, 10, 0, 5_400_000, 50_000),
      sending(3000, 12, 0, 5_400_000, 200_000),
    );
    expect(good).not.toHaveProperty('sendLimitKbps');
    // The camera off: nothing sent, whatever the estimate.
    const off = sampleBetween(
      sending(1000, 10, 0, 180_000, 50_000),
      sending(3000, 12, 0, 180_000, 50_000),
    );
    expect(off).not.toHaveProperty('sendLimitKbps');
  });

  it('says nothing of sending when the video was held back for under half the interval', () => {
    const s = sampleBetween(sending(1000, 10, 0, 900_000), sending(3000, 12, 0.5, 240_000));
    expect(s).not.toHaveProperty('sendLimitKbps');
    // Nor where the browser reports no limitation at all (Firefox, or the camera off).
    expect(sampleBetween(a, a)).not.toHaveProperty('sendLimitKbps');
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

  it('is poor when congestion control holds our video under half a megabit', () => {
    const clean = { rttMs: 20, lossPct: 1, bitrateKbps: 150 };
    expect(classifyQuality({ ...clean, sendLimitKbps: 240 })).toBe('poor');
    // Held back, but with room for a decent picture: the bandwidth alone is no reason to warn.
    expect(classifyQuality({ ...clean, sendLimitKbps: 1300 })).toBe('good');
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

  it('says how much the network lets us send when that is what holds the video back', () => {
    expect(
      describeQuality('poor', { rttMs: 20, lossPct: 2, bitrateKbps: 150, sendLimitKbps: 240.4 }),
    ).toBe(
      'Poor connection: round trip 20 ms, packet loss 2.0 %, receiving 150 kbit/s, network lets us send 240 kbit/s',
    );
  });

  it('says it is still measuring without a sample', () => {
    expect(describeQuality('unknown', null)).toBe('Measuring connection…');
  });
});
