import { describe, expect, it } from 'vitest';
import { CameraTransceivers } from './cameraTransceivers.ts';
import { videoLimitFor } from './videoBudget.ts';

/**
 * A sender whose parameters the browser filled in (a degradation preference, an encoding with
 * fields the budget has no business with), counting what is written back.
 */
function fakeConnection() {
  let params = {
    transactionId: 't',
    degradationPreference: 'balanced',
    encodings: [{ active: true, networkPriority: 'low', priority: 'low' }],
  } as unknown as RTCRtpSendParameters;
  const written: RTCRtpSendParameters[] = [];
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
  };
  const pc = {
    signalingState: 'stable',
    addTransceiver: () => ({ sender }),
  } as unknown as RTCPeerConnection;
  const stream = {
    getTracks: () => [track],
    getVideoTracks: () => [track],
  } as unknown as MediaStream;
  const camera = new CameraTransceivers(pc, stream);
  camera.layOut();
  return { camera, written };
}

describe('the video budget on a connection', () => {
  it('only sets ceilings: a size and a bitrate, nothing the congestion controller decides', async () => {
    const { camera, written } = fakeConnection();
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
    const { camera, written } = fakeConnection();
    await camera.limitVideo(videoLimitFor(2));
    await camera.applyLimit();
    await camera.applyLimit();
    expect(written).toHaveLength(1);
  });

  it('lifts the bitrate ceiling when the room shrinks back to two', async () => {
    const { camera, written } = fakeConnection();
    await camera.limitVideo(videoLimitFor(2));
    await camera.limitVideo(videoLimitFor(1));
    expect(written).toHaveLength(2);
    expect(written[1]?.encodings[0]).not.toHaveProperty('maxBitrate');
    expect(written[1]?.encodings[0]?.scaleResolutionDownBy).toBe(1);
  });

  it('writes nothing for a full-size camera alone with one other person: an unset scale is 1', async () => {
    const { camera, written } = fakeConnection();
    await camera.limitVideo(videoLimitFor(1));
    await camera.applyLimit();
    expect(written).toHaveLength(0);
  });
});
