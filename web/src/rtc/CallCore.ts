import type { StoreApi } from 'zustand';
import type { PeerId, Reaction, ReactionEmoji, UpdateRequest } from '../../../signal/protocol.ts';
import type { SignalingClient, SignalingState } from '../signaling/SignalingClient.ts';
import type { AppState } from '../store/types.ts';
import { Chat } from './Chat.ts';
import { FileLinks } from './files/fileLinks.ts';
import { FileTransfers } from './files/FileTransfers.ts';
import { Gestures } from './Gestures.ts';
import type { LocalMedia } from './localMedia.ts';
import type { MediaPath, MediaPathEvents, PathDiagnostics } from './MediaPath.ts';
import { MeshPath } from './mesh/MeshPath.ts';
import type { NetworkPreference } from './networkPreference.ts';
import { SfuPath } from './sfu/SfuPath.ts';
import { RoomMembership } from './RoomMembership.ts';
import { StatsMonitor } from './StatsMonitor.ts';
import { watchVideoDemand } from './videoDemand.ts';
import { SpareOffer } from './mesh/spareOffer.ts';

export interface CallCoreParts {
  store: StoreApi<AppState>;
  media: LocalMedia;
  network: NetworkPreference;
  serverUrl?: string | undefined;
}

/**
 * The call itself, in the call chunk (call.ts), made by CallController once pre-join shows:
 * - RoomMembership: signaling, join/leave/rejoin, the roster, and the call's MediaPath;
 * - MeshPath (mesh/) or SfuPath (sfu/): the media path, made here when a call starts;
 * - Chat and StatsMonitor: chat frames and speaking/quality sampling over the path;
 * - FileTransfers (files/): files offered over the mesh connections' `files` channels, or in an
 *   SFU room over data-only links made for them (FileLinks);
 * - Gestures: raised hands and reactions (signaling only, so mesh and SFU alike).
 */
export class CallCore {
  private readonly membership: RoomMembership;
  private readonly monitor: StatsMonitor;
  private readonly chat: Chat;
  readonly files: FileTransfers;
  private readonly gestures: Gestures;
  /** An SFU room's peer-to-peer links for files (none in a mesh room). */
  private fileLinks: FileLinks | null = null;
  private stopDemand: (() => void) | null = null;
  private readonly spare = new SpareOffer();

  constructor(private readonly parts: CallCoreParts) {
    const { store, media, network } = parts;
    const path = (): MediaPath | null => this.membership.path;
    const controls = media.controls;
    this.monitor = new StatsMonitor({
      store,
      remotes: () => path()?.remotes() ?? [],
      micLevel: () => controls.micLevel(),
    });
    this.chat = new Chat({ store, broadcast: (frame) => path()?.broadcast(frame) });
    this.files = new FileTransfers(
      store,
      () => this.fileLinks?.reachEveryone() ?? Promise.resolve(),
    );
    this.gestures = new Gestures({ store, signaling: () => this.membership.signalingClient });
    this.membership = new RoomMembership(
      {
        store,
        prepare: async () => {
          await Promise.all([media.prepare(), network.prepare()]);
        },
        openPath: (signaling, events, mode) =>
          mode === 'sfu'
            ? this.openSfuPath(signaling, events)
            : this.openMeshPath(signaling, events),
        received: (from, data) => this.chat.receive(from, data),
        started: () => {
          // Taken by the mesh's first connection by now, or of no use in this call.
          this.spare.drop();
          this.monitor.start();
          this.stopDemand ??= watchVideoDemand(store, path);
          this.gestures.started();
        },
        peerGone: (id) => {
          this.monitor.forget(id);
          this.files.forget(id);
          this.fileLinks?.forget(id);
        },
        ended: () => {
          this.monitor.stop();
          this.stopDemand?.();
          this.stopDemand = null;
          this.gestures.ended();
          controls.stopSharingNow();
          store.getState().clearChat();
          this.files.clear();
          this.closeFileLinks();
        },
      },
      parts.serverUrl,
    );
  }

  get path(): MediaPath | null {
    return this.membership.path;
  }

  /**
   * Pre-join: the signaling connection, and the newcomer's first peer connection, with the
   * servers a join would bring (spareOffer.ts).
   */
  connectEarly = (): void => {
    this.membership.connectEarly();
    const signaling = this.membership.signalingClient;
    const { media, network } = this.parts;
    void Promise.all([signaling?.iceServers(), media.prepare(), network.prepare()]).then(
      ([iceServers]) => {
        if (!iceServers || this.parts.store.getState().phase !== 'idle') return;
        this.spare.make({
          localStream: media.current,
          iceTransportPolicy: network.policy(),
          iceServers,
        });
      },
      // No spare then: the join makes its connections itself.
      () => undefined,
    );
  };
  join = (room: string, name: string, password?: string): Promise<void> =>
    this.membership.join(room, name, password);
  leave = (): Promise<void> => {
    this.spare.drop();
    return this.membership.leave();
  };
  leaveNow = (): void => this.membership.leaveNow();
  publish = (patch: UpdateRequest): void => this.membership.publish(patch);
  sendChat = (text: string): boolean => this.chat.send(text);
  toggleHand = (): void => this.gestures.toggleHand();
  react = (emoji: ReactionEmoji): void => this.gestures.react(emoji);

  /** Reactions received in this call (for the e2e build's hooks). */
  get reactions(): readonly Reaction[] {
    return this.gestures.received;
  }

  remoteStream(id: PeerId): MediaStream | null {
    return this.membership.path?.remote(id)?.remoteStream ?? null;
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.membership.path?.remoteScreen(id) ?? null;
  }

  diagnostics(): PathDiagnostics[] {
    return [
      ...(this.membership.path?.diagnostics() ?? []),
      ...(this.fileLinks?.diagnostics() ?? []),
    ];
  }

  /** Where the signaling connection stands ('idle' when there is none). */
  get signalingState(): SignalingState {
    return this.membership.signalingClient?.state ?? 'idle';
  }

  dropSignaling(): void {
    this.membership.dropSignaling();
  }

  /** Pre-join's spare connection, if there is one (diagnostics). */
  get spareConnection(): RTCPeerConnection | null {
    return this.spare.connection;
  }

  /** The mesh: one peer connection per participant. */
  private openMeshPath(signaling: SignalingClient, events: MediaPathEvents): MediaPath {
    this.closeFileLinks();
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
        localStream: this.parts.media.current,
        iceTransportPolicy: this.parts.network.policy(),
        onFilesChannel: (id, channel) => this.files.attach(id, channel),
        spare: (iceServers) =>
          this.spare.take({
            localStream: this.parts.media.current,
            iceTransportPolicy: this.parts.network.policy(),
            iceServers,
          }),
      }),
    );
  }

  /** Through the media server: one publishing and one subscribing connection. */
  private openSfuPath(signaling: SignalingClient, events: MediaPathEvents): MediaPath {
    const warn = (what: string) => (err: unknown) => console.warn(what, err);
    this.closeFileLinks();
    this.fileLinks = new FileLinks({
      send: (request) => void signaling.signal(request).catch(warn('signal not delivered')),
      onSignal: (handler) => signaling.on('signal', handler),
      selfId: () => this.parts.store.getState().self?.id ?? null,
      peers: () => Object.keys(this.parts.store.getState().peers),
      iceServers: () => this.membership.iceServers,
      iceTransportPolicy: this.parts.network.policy(),
      onChannel: (id, channel) => this.files.attach(id, channel),
    });
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
        localStream: this.parts.media.current,
        iceTransportPolicy: this.parts.network.policy(),
      }),
    );
  }

  private closeFileLinks(): void {
    this.fileLinks?.close();
    this.fileLinks = null;
  }

  /** A path made while we share a screen sends it from the start. */
  private withScreen(path: MediaPath): MediaPath {
    const screen = this.parts.media.controls.screen.stream();
    const track = screen?.getVideoTracks()[0];
    if (screen && track) path.setScreen(track, screen);
    return path;
  }
}
