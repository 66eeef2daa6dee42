import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../signal/protocol.ts';
import type { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState, DeviceKind } from '../store/types.ts';
import { Chat } from './Chat.ts';
import { LocalMedia } from './localMedia.ts';
import type { MediaPath, MediaPathEvents, PathDiagnostics } from './MediaPath.ts';
import { MeshPath } from './mesh/MeshPath.ts';
import { NetworkPreference } from './networkPreference.ts';
import { SfuPath } from './sfu/SfuPath.ts';
import { RoomMembership } from './RoomMembership.ts';
import { StatsMonitor } from './StatsMonitor.ts';
import { watchVideoDemand } from './videoDemand.ts';

/**
 * The views' one handle on a call. It composes the parts and owns none of their work:
 * - LocalMedia (localMedia.ts): camera and microphone, with MediaControls for the in-call toggles;
 * - NetworkPreference: relay-only or not;
 * - RoomMembership: signaling, join/leave/rejoin, the roster, and the call's MediaPath;
 * - MeshPath (mesh/): the media path of today's calls, made here when a call starts;
 * - Chat and StatsMonitor: chat frames and speaking/quality sampling over the path.
 * React reads the store; see docs/architecture.md.
 */
export class CallController {
  private readonly network: NetworkPreference;
  private readonly media: LocalMedia;
  private readonly membership: RoomMembership;
  private readonly monitor: StatsMonitor;
  private readonly chat: Chat;
  private stopDemand: (() => void) | null = null;

  constructor(
    private readonly store: StoreApi<AppState>,
    serverUrl?: string,
  ) {
    const path = (): MediaPath | null => this.membership.path;
    this.network = new NetworkPreference(store);
    this.media = new LocalMedia({
      store,
      output: path,
      publish: (patch) => this.membership.publish(patch),
    });
    const controls = this.media.controls;
    this.monitor = new StatsMonitor({
      store,
      remotes: () => path()?.remotes() ?? [],
      micLevel: () => controls.micLevel(),
    });
    this.chat = new Chat({ store, broadcast: (frame) => path()?.broadcast(frame) });
    this.membership = new RoomMembership(
      {
        store,
        prepare: async () => {
          await Promise.all([this.media.prepare(), this.network.prepare()]);
        },
        openPath: (signaling, events, media) =>
          media === 'sfu'
            ? this.openSfuPath(signaling, events)
            : this.openMeshPath(signaling, events),
        received: (from, data) => this.chat.receive(from, data),
        started: () => {
          this.monitor.start();
          this.stopDemand ??= watchVideoDemand(store, path);
        },
        peerGone: (id) => this.monitor.forget(id),
        ended: () => {
          this.monitor.stop();
          this.stopDemand?.();
          this.stopDemand = null;
          controls.stopSharingNow();
          store.getState().clearChat();
        },
      },
      serverUrl,
    );
  }

  // Before a call: media preview, network choice and connection.
  prepareMedia = (): Promise<void> => this.media.prepare();
  /** The server's settings, and the signaling connection opened ahead of the join. */
  prepareNetwork = (): Promise<void> => {
    this.membership.connectEarly();
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
  join = (room: string, name: string, password?: string): Promise<void> =>
    this.membership.join(room, name, password);
  leave = (): Promise<void> => this.membership.leave();
  /** For page unload: tell the server at once, without waiting for its answer. */
  leaveNow = (): void => this.membership.leaveNow();

  // In-call controls and what the views read of them.
  toggleMicrophone = (): Promise<void> => this.media.controls.toggleMicrophone();
  toggleCamera = (): Promise<void> => this.media.controls.toggleCamera();
  toggleScreenShare = (): Promise<void> => this.media.controls.toggleScreenShare();
  chooseDevice = (kind: DeviceKind, deviceId: string): Promise<void> =>
    this.media.controls.chooseDevice(kind, deviceId);
  sendChat = (text: string): boolean => this.chat.send(text);
  micLevel = (): number => this.media.controls.micLevel();

  get ownScreen(): MediaStream | null {
    return this.media.controls.screenStream();
  }

  get local(): MediaStream {
    return this.media.current;
  }

  remoteStream(id: PeerId): MediaStream | null {
    return this.membership.path?.remote(id)?.remoteStream ?? null;
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.membership.path?.remoteScreen(id) ?? null;
  }

  // Diagnostics, for the e2e build's hooks (debug/e2eHooks.ts) only.
  debugConnections(): PathDiagnostics[] {
    return this.membership.path?.diagnostics() ?? [];
  }

  debugDropSignaling(): void {
    this.membership.dropSignaling();
  }

  /** The mesh: one peer connection per participant. */
  private openMeshPath(signaling: SignalingClient, events: MediaPathEvents): MediaPath {
    return this.withScreen(
      new MeshPath({
        signaling: {
          send: (message) => {
            void signaling.signal(message).catch((err: unknown) => {
              console.warn('signal not delivered', err);
            });
          },
          onSignal: (handler) => signaling.on('signal', handler),
        },
        events,
        localStream: this.media.current,
        iceTransportPolicy: this.network.policy(),
      }),
    );
  }

  /** Through the media server: one publishing and one subscribing connection. */
  private openSfuPath(signaling: SignalingClient, events: MediaPathEvents): MediaPath {
    const warn = (what: string) => (err: unknown) => console.warn(what, err);
    return this.withScreen(
      new SfuPath({
        signaling: {
          publish: (request) => signaling.sfuPublish(request),
          answer: (description) => signaling.sfuAnswer({ description }),
          trickle: (request) =>
            void signaling.sfuTrickle(request).catch(warn('candidate not delivered')),
          onOffer: (handler) => signaling.on('sfu:offer', handler),
          sendChat: (data) => void signaling.sendChat({ data }).catch(warn('chat not delivered')),
          restartSubscriber: () =>
            void signaling.sfuRestart().catch(warn('ICE restart not requested')),
          videoDemand: ({ paused, low }) =>
            void signaling
              .sfuPause({ peers: [...paused], low: [...low] })
              .catch(warn('video demand not delivered')),
          onChat: (handler) => signaling.on('chat:message', handler),
        },
        events,
        localStream: this.media.current,
        iceTransportPolicy: this.network.policy(),
      }),
    );
  }

  /** A path made while we share a screen sends it from the start. */
  private withScreen(path: MediaPath): MediaPath {
    const screen = this.media.controls.screenStream();
    const track = screen?.getVideoTracks()[0];
    if (screen && track) path.setScreen(track, screen);
    return path;
  }
}
