import { ClientErrorCode } from '../lib/errors.ts';
import type { ClientErrorCode as Code } from '../lib/errors.ts';
import type { DeviceChoice } from '../store/types.ts';
import { constraintsFor } from './devices.ts';

export interface LocalMediaResult {
  stream: MediaStream;
  /** Why audio or video is missing, if one is. */
  error: Code | null;
}

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

/**
 * Camera and microphone, degrading step by step: both, then each alone, then
 * nothing (receive only). Never throws: what is missing is reported as a code.
 */
export async function openLocalMedia(choice: DeviceChoice = {}): Promise<LocalMediaResult> {
  const AUDIO = constraintsFor('audioinput', undefined);
  const VIDEO = constraintsFor('videoinput', undefined);
  // Absent outside secure contexts (plain http on a LAN address).
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  if (!devices) {
    return { stream: new MediaStream(), error: ClientErrorCode.MediaFailed };
  }
  // The devices chosen last time, exactly (an `ideal` device id loses against other
  // ideal constraints in some browsers); if one is gone, the defaults below take over.
  const remembered: MediaStreamConstraints | null =
    choice.audioinput || choice.videoinput
      ? {
          audio: constraintsFor('audioinput', choice.audioinput, true),
          video: constraintsFor('videoinput', choice.videoinput, true),
        }
      : null;
  let firstError: Code | null = null;
  for (const constraints of [
    ...(remembered ? [remembered] : []),
    { audio: AUDIO, video: VIDEO },
    { audio: AUDIO, video: false },
    { audio: false, video: VIDEO },
  ] satisfies MediaStreamConstraints[]) {
    try {
      const stream = await devices.getUserMedia(constraints);
      return { stream, error: firstError };
    } catch (err) {
      const code = mediaErrorCode(err);
      if (constraints === remembered && code === ClientErrorCode.NoDevice) continue;
      firstError ??= code;
      // A denied permission covers both devices: asking again only repeats it.
      if (code === ClientErrorCode.MediaDenied) break;
    }
  }
  return { stream: new MediaStream(), error: firstError };
}
