import { describe, expect, it, vi } from 'vitest';
import { CameraTransceivers } from './cameraTransceivers.ts';
import { videoLimitFor } from './videoBudget.ts';
import { RAISE_AFTER_MS } from './startSize.ts';

/**
 * A sender whose parameters the browser filled in (a degradation preference, an encoding with
 * fields the budget has no business with), counting what is written back. Its statistics say
 * it has encoded `frames.encoded` frames.
 */
function fakeConnection(frames = { encoded: 0 }) {
  let params = {
    transactionId: 't',
    degradationPreference: 'balanced',
    encodings: [{ active: true, networkPriority: 'low', priority: 'low' }],
  } as unknown as RTCRtpSendParameters;
  const written: RTCRtpSendParameters[] = [];
  const statsRead = { count: 0 };
  const track = { kind: 'video', getSettings: () => ({ height: 720 }) };
  const sender = {
    track,
    getParameters: () => structuredClone(params),
    setParameters: (next: RTCRtpSendParameters) => {
      written.push(structuredClone(next));
      params = structuredClone(next);
      return Promise.resolve();
    },
    replaceTrack: () => Promise.resolve(),
    getStats: () => {
      statsRead.count += 1;
      return Promise.resolve(
        new Map([['o', { type: 'outbound-rtp', framesEncoded: frames.encoded }]]),
      );
    },
  };
  const inits: RTCRtpTransceiverInit[] = [];
  const pc = {
    signalingState: 'stable',
    addTransceiver: (_track: unknown, init: RTCRtpTransceiverInit) => {
      inits.push(init);
      return { sender };
    },
  } as unknown as RTCPeerConnection;
  const stream = {
    getTracks: () => [track],
    getVideoTracks: () => [track],
  } as unknown as MediaStream;
  const camera = new CameraTransceivers(pc, stream);
  camera.layOut();
  return { camera, written, inits, statsRead };
}

const scaleWritten = (written: RTCRtpSendParameters[]) =>
  written.at(-1)?.encodings[0]?.scaleResolutionDownBy;

/** A connection whose camera has sent its first frame (and so its first size is over). */
async function startedConnection() {
  vi.useFakeTimers();
  try {
    const connection = fakeConnection({ encoded: 1 });
    await connection.camera.applyLimit();
    await vi.advanceTimersByTimeAsync(RAISE_AFTER_MS + 200);
    expect(scaleWritten(connection.written)).toBe(1);
    connection.written.length = 0;
    return connection;
  } finally {
    vi.useRealTimers();
  }
}

describe('the first frames of a connection', () => {
  it('are at most 360 lines tall, and the full size follows a second after the encoder sent a frame', async () => {
    vi.useFakeTimers();
    try {
      const frames = { encoded: 0 };
      const { camera, written, inits } = fakeConnection(frames);
      // The first offer already asks for the start size (audio, then video).
      expect(inits[0]).not.toHaveProperty('sendEncodings');
      expect(inits[1]?.sendEncodings).toEqual([{ scaleResolutionDownBy: 2 }]);
      await camera.limitVideo(videoLimitFor(1));
      expect(scaleWritten(written)).toBe(2);
      await vi.advanceTimersByTimeAsync(250);
      expect(written).toHaveLength(1);
      frames.encoded = 1;
      // Statistics are read every 100 ms: the raise comes RAISE_AFTER_MS after they show the
      // frame, not before (the reconfiguration would fall in the middle of the join).
      await vi.advanceTimersByTimeAsync(RAISE_AFTER_MS - 150);
      expect(written).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(400);
      expect(scaleWritten(written)).toBe(1);
      expect(written).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never make a smaller budget larger, and then wait for nothing', async () => {
    const { camera, written, statsRead } = fakeConnection({ encoded: 0 });
    await camera.limitVideo(videoLimitFor(3));
    expect(scaleWritten(written)).toBe(2);
    await camera.limitVideo(videoLimitFor(4));
    expect(scaleWritten(written)).toBe(720 / 270);
    // The budget is already as small as the start size: no statistics are read for a raise.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(statsRead.count).toBe(0);
  });
});

describe('the video budget on a connection', () => {
  it('only sets ceilings: a size and a bitrate, nothing the congestion controller decides', async () => {
    const { camera, written } = await startedConnection();
    await camera.limitVideo(videoLimitFor(2));
    expect(written).toHaveLength(1);
    const [encoding] = written[0]?.encodings ?? [];
    expect(encoding).toEqual({
      active: true,
      networkPriority: 'low',
      priority: 'low',
      scaleResolutionDownBy: 720 / 540,
      maxBitrate: 1_500_000,
    });
    expect(encoding).not.toHaveProperty('minBitrate');
    expect(encoding).not.toHaveProperty('maxFramerate');
    expect(written[0]?.degradationPreference).toBe('balanced');
  });

  it('writes nothing when applied again unchanged, as after every negotiation', async () => {
    const { camera, written } = await startedConnection();
    await camera.limitVideo(videoLimitFor(2));
    await camera.applyLimit();
    await camera.applyLimit();
    expect(written).toHaveLength(1);
  });

  it('lifts the bitrate ceiling when the room shrinks back to two', async () => {
    const { camera, written } = await startedConnection();
    await camera.limitVideo(videoLimitFor(2));
    await camera.limitVideo(videoLimitFor(1));
    expect(written).toHaveLength(2);
    expect(written[1]?.encodings[0]).not.toHaveProperty('maxBitrate');
    expect(written[1]?.encodings[0]?.scaleResolutionDownBy).toBe(1);
  });

  it('writes nothing for a full-size camera alone with one other person: an unset scale is 1', async () => {
    const { camera, written } = await startedConnection();
    await camera.limitVideo(videoLimitFor(1));
    await camera.applyLimit();
    expect(written).toHaveLength(0);
  });
});
