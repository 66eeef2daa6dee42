import type { StoreApi } from 'zustand';
import type { UpdateRequest } from '../../../signal/protocol.ts';
import { errorKey } from '../lib/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { loadDeviceChoice, saveDeviceChoice } from '../lib/storage.ts';
import type { AppState, DeviceKind } from '../store/types.ts';
import { constraintsFor, deviceOf, listDevices, mediaErrorCode } from './devices.ts';
import { LevelMeter } from './LevelMeter.ts';
import type { MediaPath } from './MediaPath.ts';
import { fitNoiseSuppression, MediaEffects } from './effects/MediaEffects.ts';
import { ScreenShare } from './ScreenShare.ts';

/** Where our tracks go: the call's media path. */
export type MediaOutput = Pick<MediaPath, 'replaceTrack' | 'setScreen'>;

/** What the controls need from the local media they work on. */
export interface MediaHost {
  readonly store: StoreApi<AppState>;
  /** The camera/microphone stream the call sends from (mutated in place). */
  localStream(): MediaStream;
  /** The call's media path while in a call, else null. */
  output(): MediaOutput | null;
  /** Tells the room (peer:update) when in a call; does nothing otherwise. */
  publish(patch: UpdateRequest): void;
}

/**
 * Microphone, camera, device choice (and the screen share, ScreenShare.ts), before and
 * during a call. Every change of camera or microphone track reaches the media path as a
 * replaceTrack, never a renegotiation: muting disables the track, the camera off
 * stops it (its light goes off).
 */
export class MediaControls {
  private meter: LevelMeter | null = null;
  /** Operations on devices run one at a time, so quick repeated toggles stay consistent. */
  private queue: Promise<void> = Promise.resolve();
  private watchingDevices = false;
  /** Blur and noise suppression: what we send may be a processed copy of the device's track. */
  readonly effects: MediaEffects;
  /** Our screen share (ScreenShare.ts), run in the same queue as the devices. */
  readonly screen: ScreenShare;

  constructor(private readonly host: MediaHost) {
    this.screen = new ScreenShare({
      store: host.store,
      run: (op) => this.run(op),
      output: () => host.output(),
      publish: (patch) => host.publish(patch),
    });
    this.effects = new MediaEffects({
      store: host.store,
      reprocess: (kind) => this.reprocess(kind),
    });
  }

  private get state(): AppState {
    return this.host.store.getState();
  }

  private track(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return this.host
      .localStream()
      .getTracks()
      .find((t) => t.kind === kind);
  }

  private run(op: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(op).catch((err: unknown) => {
      this.state.notify(errorKey(mediaErrorCode(err)));
    });
    return this.queue;
  }

  /** The remembered device choice, used to open the camera and microphone. */
  rememberedDevices(): Partial<Record<DeviceKind, string>> {
    const choice = { ...loadDeviceChoice(), ...this.state.chosenDevices };
    for (const [kind, id] of Object.entries(choice))
      this.state.chooseDevice(kind as DeviceKind, id);
    return choice;
  }

  /** After the camera and microphone opened: record what is on and which devices they are. */
  adopt(): void {
    const audio = this.track('audio');
    const video = this.track('video');
    this.state.setSending({ micOn: audio?.enabled ?? false, cameraOn: video !== undefined });
    const audioId = deviceOf(audio && this.effects.sourceOf(audio));
    const videoId = deviceOf(video && this.effects.sourceOf(video));
    if (audioId) this.state.chooseDevice('audioinput', audioId);
    if (videoId) this.state.chooseDevice('videoinput', videoId);
    this.resetMeter();
    void this.refreshDevices();
    this.watchDevices();
    // Effects chosen on an earlier visit apply from the first preview frame on.
    void this.reprocess('audio');
    void this.reprocess('video');
  }

  /** Microphone level 0–1 (for the meter and our speaking indicator). */
  micLevel(): number {
    return this.meter?.level() ?? 0;
  }

  /** A toggle by the person (button or shortcut); the result is read out in a call. */
  async toggleMicrophone(): Promise<void> {
    await this.setMicrophone(!this.state.micOn);
    this.announce(this.state.micOn ? 'notice.selfMicOn' : 'notice.selfMicOff');
  }

  async toggleCamera(): Promise<void> {
    await this.setCamera(!this.state.cameraOn);
    this.announce(this.state.cameraOn ? 'notice.selfCameraOn' : 'notice.selfCameraOff');
  }

  private announce(key: MessageKey): void {
    if (this.state.phase === 'in-call') this.state.notify(key, undefined, { silent: true });
  }

  /** Mute keeps the track (and its transceiver) and sends silence: unmuting is instant. */
  setMicrophone(on: boolean): Promise<void> {
    return this.run(async () => {
      let track = this.track('audio');
      if (on && !track) {
        const source = await this.open('audioinput', this.state.chosenDevices.audioinput, false);
        track = await this.effects.process('audio', source);
        this.swapTrack('audio', track);
      }
      if (track) track.enabled = on;
      const micOn = on && track !== undefined;
      this.state.setSending({ micOn });
      this.host.publish({ audio: micOn });
    });
  }

  setCamera(on: boolean): Promise<void> {
    return this.run(async () => {
      if (on) {
        if (!this.track('video')) {
          const track = await this.open('videoinput', this.state.chosenDevices.videoinput, false);
          this.swapTrack('video', await this.effects.process('video', track));
        }
      } else {
        this.swapTrack('video', undefined);
      }
      this.state.setSending({ cameraOn: on });
      this.host.publish({ video: on });
    });
  }

  /** Switches camera, microphone or speaker; remembered for next time. */
  chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.run(async () => {
      if (kind !== 'audiooutput') {
        const trackKind = kind === 'audioinput' ? 'audio' : 'video';
        const current = this.track(trackKind);
        // A camera that is off is only switched for the next time it is turned on.
        if (current && deviceOf(this.effects.sourceOf(current)) !== deviceId) {
          const track = await this.effects.process(
            trackKind,
            await this.open(kind, deviceId, true),
          );
          track.enabled = current.enabled;
          this.swapTrack(trackKind, track);
        }
      }
      this.state.chooseDevice(kind, deviceId);
      saveDeviceChoice(kind, deviceId);
    });
  }

  /** Leaving the call: sharing ends with it. */
  stopSharingNow(): void {
    this.screen.end(false);
  }

  /** Leaving the room's page: stop sharing and stop metering. */
  release(): void {
    this.screen.end(false);
    this.meter?.close();
    this.meter = null;
  }

  private async open(
    kind: 'audioinput' | 'videoinput',
    deviceId: string | undefined,
    strict: boolean,
  ): Promise<MediaStreamTrack> {
    const constraints = {
      ...constraintsFor(kind, deviceId, strict),
      ...(kind === 'audioinput' && { noiseSuppression: this.state.effects.noise !== 'off' }),
    };
    const stream = await navigator.mediaDevices.getUserMedia(
      kind === 'audioinput' ? { audio: constraints } : { video: constraints },
    );
    const track = stream.getTracks()[0];
    if (!track) throw new DOMException('no track', 'NotFoundError');
    const id = deviceOf(track);
    if (id) this.state.chooseDevice(kind, id);
    // The first grant reveals device labels.
    void this.refreshDevices();
    return track;
  }

  /** Sends `kind` through the effects as they are now (one was turned on or off). */
  private reprocess(kind: 'audio' | 'video'): Promise<void> {
    return this.run(async () => {
      const sent = this.track(kind);
      if (!sent) return;
      let source = this.effects.sourceOf(sent);
      const fits =
        kind === 'video' || (await fitNoiseSuppression(source, this.state.effects.noise));
      // The browser could not change noise suppression on the live track: a new one from the
      // same device, once the old one is stopped (Chromium would hand back the same settings).
      if (!fits) {
        source.stop();
        try {
          source = await this.open('audioinput', deviceOf(source), true);
        } catch (err) {
          // The microphone is gone (busy, unplugged, refused): muted, and the room is told so.
          this.swapTrack('audio', undefined);
          this.state.setSending({ micOn: false });
          this.host.publish({ audio: false });
          throw err;
        }
      }
      const next = await this.effects.process(kind, source);
      next.enabled = sent.enabled;
      this.swapTrack(kind, next, fits);
    });
  }

  /**
   * Puts `track` (or nothing) in place of the current one, locally and on every connection.
   * The device track behind the old one stops too, unless `keepSource` (an effect changed).
   */
  private swapTrack(
    kind: 'audio' | 'video',
    track: MediaStreamTrack | undefined,
    keepSource = false,
  ): void {
    const stream = this.host.localStream();
    const old = this.track(kind);
    if (old === track) return;
    if (old) {
      stream.removeTrack(old);
      const source = this.effects.release(old);
      if (source !== old) old.stop();
      if (!keepSource && source !== track) source.stop();
    }
    if (track) stream.addTrack(track);
    this.host.output()?.replaceTrack(kind, track ?? null);
    if (kind === 'audio') this.resetMeter();
    // hasAudio/hasVideo say a device is available; a camera turned off still is.
    const hasAudio = this.state.hasAudio || this.track('audio') !== undefined;
    const hasVideo = this.state.hasVideo || this.track('video') !== undefined;
    this.state.setLocalMedia({
      status: hasAudio && hasVideo ? 'ready' : hasAudio || hasVideo ? 'partial' : 'unavailable',
      error: this.state.mediaError,
      hasAudio,
      hasVideo,
    });
  }

  private resetMeter(): void {
    const audio = this.track('audio');
    if (this.meter?.track === audio) return;
    this.meter?.close();
    this.meter = null;
    if (audio && typeof AudioContext !== 'undefined') this.meter = new LevelMeter(audio);
  }

  private async refreshDevices(): Promise<void> {
    this.state.setDevices(await listDevices());
  }

  private watchDevices(): void {
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (this.watchingDevices || !media) return;
    this.watchingDevices = true;
    media.addEventListener('devicechange', () => void this.refreshDevices());
  }
}
