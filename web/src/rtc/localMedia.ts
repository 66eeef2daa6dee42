/**
 * The camera and microphone, in one place: opened once for the preview and the call, retried,
 * released when the person leaves the room's page, and followed when a device goes away. The
 * in-call controls (mute, camera, devices, screen) are MediaControls, on the same stream.
 */
import type { StoreApi } from 'zustand';
import type { UpdateRequest } from '../../../signal/protocol.ts';
import { ClientErrorCode } from '../lib/errors.ts';
import type { ClientErrorCode as Code } from '../lib/errors.ts';
import type { AppState, DeviceChoice } from '../store/types.ts';
import { constraintsFor, mediaErrorCode } from './devices.ts';
import { MediaControls } from './MediaControls.ts';
import type { MediaOutput } from './MediaControls.ts';

export interface LocalMediaResult {
  stream: MediaStream;
  /** Why audio or video is missing, if one is. */
  error: Code | null;
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

export interface LocalMediaHost {
  readonly store: StoreApi<AppState>;
  /** The call's media path while in a call, else null. */
  output(): MediaOutput | null;
  /** Tells the room (peer:update) when in a call; does nothing otherwise. */
  publish(patch: UpdateRequest): void;
}

const statusOf = (hasAudio: boolean, hasVideo: boolean) =>
  hasAudio && hasVideo ? 'ready' : hasAudio || hasVideo ? 'partial' : 'unavailable';

export class LocalMedia {
  readonly controls: MediaControls;
  private stream = new MediaStream();
  private request: Promise<void> | null = null;
  /** Bumped when the media is released or retried: an older request is then stale. */
  private generation = 0;

  constructor(private readonly host: LocalMediaHost) {
    this.controls = new MediaControls({
      store: host.store,
      localStream: () => this.stream,
      output: () => host.output(),
      publish: (patch) => host.publish(patch),
    });
  }

  /** The camera/microphone stream (may have no tracks: receive only). */
  get current(): MediaStream {
    return this.stream;
  }

  /** Opens camera and microphone once (for the preview); later calls reuse them. */
  prepare(): Promise<void> {
    this.request ??= (async () => {
      const generation = this.generation;
      const store = this.host.store;
      store
        .getState()
        .setLocalMedia({ status: 'requesting', error: null, hasAudio: false, hasVideo: false });
      const { stream, error } = await openLocalMedia(this.controls.rememberedDevices());
      if (generation !== this.generation) {
        // Released (the person left the room) or retried while the devices were opening:
        // this stream is nobody's, and its camera light must go off.
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      for (const track of stream.getTracks())
        track.addEventListener('ended', () => this.onTrackEnded(track));
      const hasAudio = stream.getAudioTracks().length > 0;
      const hasVideo = stream.getVideoTracks().length > 0;
      store
        .getState()
        .setLocalMedia({ status: statusOf(hasAudio, hasVideo), error, hasAudio, hasVideo });
      this.controls.adopt();
    })();
    return this.request;
  }

  /** Asks again (after allowing the devices, or closing the app that held them). */
  retry(): Promise<void> {
    this.stopTracks();
    this.request = null;
    this.generation++;
    return this.prepare();
  }

  /** Stops the camera and microphone (their lights go off) and any screen share. */
  release(): void {
    this.controls.release();
    this.stopTracks();
    this.stream = new MediaStream();
    this.request = null;
    this.generation++;
    const state = this.host.store.getState();
    state.setSending({ micOn: false, cameraOn: false, sharing: false });
    state.setLocalMedia({ status: 'idle', error: null, hasAudio: false, hasVideo: false });
  }

  /** Stops what we send and, behind a blurred or denoised track, the device's own. */
  private stopTracks(): void {
    for (const track of this.stream.getTracks()) {
      this.controls.effects.release(track).stop();
      track.stop();
    }
  }

  /**
   * A camera unplugged (or taken by the system) mid-call: show it as off, here and for the
   * others, instead of a frozen last frame.
   */
  private onTrackEnded(device: MediaStreamTrack): void {
    // What we send is the device's track, or a blurred or denoised one made from it.
    const effects = this.controls.effects;
    const track = this.stream.getTracks().find((t) => effects.sourceOf(t) === device);
    if (!track) return;
    this.stream.removeTrack(track);
    effects.release(track).stop();
    track.stop();
    const kind = track.kind === 'audio' ? 'audio' : 'video';
    this.host.output()?.replaceTrack(kind, null);
    const state = this.host.store.getState();
    const hasAudio = this.stream.getAudioTracks().length > 0;
    const hasVideo = this.stream.getVideoTracks().length > 0;
    state.setLocalMedia({
      status: statusOf(hasAudio, hasVideo),
      error: state.mediaError,
      hasAudio,
      hasVideo,
    });
    state.setSending(kind === 'video' ? { cameraOn: false } : { micOn: false });
    this.host.publish({ [kind]: false });
  }
}
