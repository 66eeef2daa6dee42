import { ClientErrorCode } from '../lib/errors.ts';
import type { ClientErrorCode as Code } from '../lib/errors.ts';
import type { DeviceChoice, DeviceKind, DeviceOption } from '../store/types.ts';

export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};

/**
 * Constraints for a device: `exact` when the person just picked it (fail
 * loudly if it is gone), `ideal` for a remembered choice (fall back quietly).
 */
export function constraintsFor(
  kind: 'audioinput' | 'videoinput',
  deviceId: string | undefined,
  strict = false,
): MediaTrackConstraints {
  const base = kind === 'audioinput' ? AUDIO_CONSTRAINTS : VIDEO_CONSTRAINTS;
  if (!deviceId) return base;
  return { ...base, deviceId: strict ? { exact: deviceId } : { ideal: deviceId } };
}

const fallbackLabel: Record<DeviceKind, string> = {
  audioinput: 'Microphone',
  videoinput: 'Camera',
  audiooutput: 'Speaker',
};

/** Cameras, microphones and speakers the page may use (labels appear once access is granted). */
export async function listDevices(): Promise<DeviceOption[]> {
  const media = navigator.mediaDevices as MediaDevices | undefined;
  if (!media) return [];
  const found = await media.enumerateDevices().catch(() => []);
  const counts: Partial<Record<DeviceKind, number>> = {};
  const out: DeviceOption[] = [];
  for (const d of found) {
    if (!d.deviceId) continue;
    const kind = d.kind;
    counts[kind] = (counts[kind] ?? 0) + 1;
    out.push({
      kind,
      deviceId: d.deviceId,
      label: d.label || `${fallbackLabel[kind]} ${counts[kind]}`,
    });
  }
  return out;
}

/** The device a live track comes from. */
export function deviceOf(track: MediaStreamTrack | undefined): string | undefined {
  const id = track?.getSettings().deviceId;
  return id && id.length > 0 ? id : undefined;
}

/** Whether this browser can route audio to a chosen speaker. */
export const canChooseSpeaker = (): boolean =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

export type { DeviceChoice };

/** What a getUserMedia or getDisplayMedia failure means to the person. */
export function mediaErrorCode(err: unknown): Code {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return ClientErrorCode.MediaDenied;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return ClientErrorCode.NoDevice;
    case 'NotReadableError':
    case 'AbortError':
      return ClientErrorCode.DeviceBusy;
    default:
      return ClientErrorCode.MediaFailed;
  }
}
