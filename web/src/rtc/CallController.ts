import type { BlurRates } from './effects/rateWatch.ts';
import type { StoreApi } from 'zustand';
import type { PeerId, Reaction, ReactionEmoji } from '../../../signal/protocol.ts';
import { ClientErrorCode } from '../lib/errors.ts';
import type { NoiseMode } from '../lib/storage.ts';
import type { AppState, DeviceKind } from '../store/types.ts';
import type { CallCore } from './CallCore.ts';
import type { SignalingState } from '../signaling/SignalingClient.ts';
import type { ShareRefusal } from './files/FileTransfers.ts';
import { LocalMedia } from './localMedia.ts';
import type { PathDiagnostics } from './MediaPath.ts';
import { NetworkPreference } from './networkPreference.ts';

/**
 * The views' one handle on a call. It composes the parts and owns none of their work:
 * - LocalMedia (localMedia.ts): camera and microphone, with MediaControls for the in-call toggles;
 * - NetworkPreference: relay-only or not;
 * - CallCore (CallCore.ts, in the call chunk): signaling, the media path, chat and stats. It is
 *   fetched and made while pre-join shows (prepareNetwork), so pre-join's own JavaScript stays
 *   small; a join waits for it if it is not there yet.
 * React reads the store; see docs/architecture.md.
 */
export class CallController {
  private readonly network: NetworkPreference;
  private readonly media: LocalMedia;
  private core: CallCore | null = null;
  private coreRequest: Promise<CallCore> | null = null;
  /** Pre-join shows: its signaling connection may open once the call chunk is here. */
  private inPreJoin = false;
  /** Fetches the call chunk's CallCore class (set by room.ts, which owns the chunks). */
  private loadCoreClass: (() => Promise<typeof CallCore>) | null = null;

  constructor(
    private readonly store: StoreApi<AppState>,
    private readonly serverUrl?: string,
  ) {
    this.network = new NetworkPreference(store);
    this.media = new LocalMedia({
      store,
      output: () => this.core?.path ?? null,
      publish: (patch) => this.core?.publish(patch),
    });
  }

  /** Where the call's core comes from: the call chunk. */
  provideCore(load: () => Promise<typeof CallCore>): void {
    this.loadCoreClass = load;
  }

  /** The call's core, from the call chunk (fetched at most once). */
  private loadCore(): Promise<CallCore> {
    const load = this.loadCoreClass;
    if (!load) return Promise.reject(new Error('no call chunk provided'));
    this.coreRequest ??= load().then((Core) => {
      this.core = new Core({
        store: this.store,
        media: this.media,
        network: this.network,
        serverUrl: this.serverUrl,
      });
      return this.core;
    });
    return this.coreRequest;
  }

  // Before a call: media preview, network choice and connection.
  prepareMedia = (): Promise<void> => this.media.prepare();
  /**
   * The server's settings, the call chunk and the signaling connection, ahead of the join: the
   * click on Join call then sends the join at once. Socket.IO reconnects the connection if it
   * drops; leaving the room's page closes it (leave).
   */
  prepareNetwork = (): Promise<void> => {
    this.inPreJoin = true;
    void this.loadCore().then(
      (core) => {
        if (this.inPreJoin) core.connectEarly();
      },
      () => undefined,
    );
    return this.network.prepare();
  };
  setRelayOnly = (relayOnly: boolean): void => this.network.choose(relayOnly);

  /** Asks for camera and microphone again (after allowing them, or closing the app that held them). */
  retryMedia(): Promise<void> {
    return this.store.getState().phase === 'idle' ? this.media.retry() : Promise.resolve();
  }

  /** Stops the camera and microphone (their lights go off) when leaving the room's page. */
  releaseMedia(): void {
    if (this.store.getState().phase === 'idle') this.media.release();
  }

  // Joining and leaving.
  async join(room: string, name: string, password?: string): Promise<void> {
    let core: CallCore;
    try {
      core = await this.loadCore();
    } catch {
      // The call chunk could not be fetched (offline, or a newer version was deployed).
      this.coreRequest = null;
      this.store.getState().fail(ClientErrorCode.Unreachable);
      return;
    }
    await core.join(room, name, password);
  }
  leave = (): Promise<void> => {
    // A connection asked for by a pre-join that is gone by the time the call chunk arrives.
    this.inPreJoin = false;
    return this.core?.leave() ?? Promise.resolve();
  };
  /** For page unload: tell the server at once, without waiting for its answer. */
  leaveNow = (): void => this.core?.leaveNow();

  // In-call controls and what the views read of them.
  toggleMicrophone = (): Promise<void> => this.media.controls.toggleMicrophone();
  toggleCamera = (): Promise<void> => this.media.controls.toggleCamera();
  toggleScreenShare = (): Promise<void> => this.media.controls.screen.toggle();
  chooseDevice = (kind: DeviceKind, deviceId: string): Promise<void> =>
    this.media.controls.chooseDevice(kind, deviceId);
  setBlur = (on: boolean): Promise<void> => this.media.controls.effects.setBlur(on);
  setNoise = (mode: NoiseMode): Promise<void> => this.media.controls.effects.setNoise(mode);
  sendChat = (text: string): boolean => this.core?.sendChat(text) ?? false;
  /** File sharing (rtc/files/): offers go to everyone on a peer-to-peer link. */
  shareFile = (file: File): Promise<ShareRefusal | null> =>
    this.core?.files.share(file) ?? Promise.resolve('no-peers');
  acceptFile = (key: string): void => this.core?.files.accept(key);
  declineFile = (key: string): void => this.core?.files.decline(key);
  cancelFile = (key: string): void => this.core?.files.cancel(key);
  dismissFile = (key: string): void => this.core?.files.dismiss(key);
  toggleHand = (): void => this.core?.toggleHand();
  react = (emoji: ReactionEmoji): void => this.core?.react(emoji);
  micLevel = (): number => this.media.controls.micLevel();

  get ownScreen(): MediaStream | null {
    return this.media.controls.screen.stream();
  }

  get local(): MediaStream {
    return this.media.current;
  }

  remoteStream(id: PeerId): MediaStream | null {
    return this.core?.remoteStream(id) ?? null;
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.core?.remoteScreen(id) ?? null;
  }

  // Diagnostics, for the e2e build's hooks (debug/e2eHooks.ts) only.
  debugConnections(): PathDiagnostics[] {
    return this.core?.diagnostics() ?? [];
  }

  debugBlurRates(): BlurRates | null {
    return this.media.controls.effects.blurRates();
  }

  debugReactions(): Reaction[] {
    return [...(this.core?.reactions ?? [])];
  }

  debugDropSignaling(): void {
    this.core?.dropSignaling();
  }

  debugSignalingState(): SignalingState {
    return this.core?.signalingState ?? 'idle';
  }

  debugSpare(): RTCIceGatheringState | null {
    return this.core?.spareConnection?.iceGatheringState ?? null;
  }

  /** Where the call stands: `'in-call'` from the join's answer on, before the call view shows. */
  debugPhase(): AppState['phase'] {
    return this.store.getState().phase;
  }
}
