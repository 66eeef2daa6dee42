/**
 * A mesh room in one Chromium page, for the mesh's browser tests: MeshPaths whose signals a bus
 * carries, routed by PeerId as the signaling server's relay does, each direction a Wire that
 * can be held. The roster calls (enter, peerJoined) are made as the server's events would be.
 */
import type { PeerId, PeerInfo, SignalMessage } from '../../../../signal/protocol.ts';
import type { PeerLink } from '../../store/types.ts';
import type { MediaPathEvents } from '../MediaPath.ts';
import { MeshPath } from './MeshPath.ts';
import type { MeshPathOptions, MeshSignaling } from './MeshPath.ts';
import { Wire, fakeCamera } from './loopback.testing.ts';

export const POLL = { timeout: 20_000, interval: 100 };
/** What each test made, undone after it (the test files run it in afterEach). */
export const cleanup: (() => void)[] = [];

/** The signaling server's relay, in the page: one wire per direction. */
export class Bus {
  private readonly handlers = new Map<PeerId, (message: SignalMessage) => void>();
  private readonly wires = new Map<string, Wire<SignalMessage>>();

  wire(from: PeerId, to: PeerId): Wire<SignalMessage> {
    const key = `${from}>${to}`;
    let wire = this.wires.get(key);
    if (!wire) {
      wire = new Wire((message) => this.handlers.get(to)?.(message));
      this.wires.set(key, wire);
    }
    return wire;
  }

  signaling(self: PeerId): MeshSignaling {
    return {
      send: ({ to, ...signal }) => this.wire(self, to).send({ from: self, ...signal }),
      onSignal: (handler) => {
        this.handlers.set(self, handler);
        return () => this.handlers.delete(self);
      },
    };
  }
}

export interface Member {
  id: PeerId;
  info: PeerInfo;
  path: MeshPath;
  links: Map<PeerId, PeerLink>;
  codes: Map<PeerId, string>;
  screens: Map<PeerId, boolean>;
  data: string[];
  gone: PeerId[];
}

export async function member(
  bus: Bus,
  id: PeerId,
  extra: Pick<MeshPathOptions, 'unconfirmedTimeoutMs' | 'spare'> & { camera?: MediaStream } = {},
): Promise<Member> {
  const camera = extra.camera ?? (await fakeCamera());
  const m = {
    id,
    info: { id, name: id, audio: true, video: true, screen: false },
    links: new Map<PeerId, PeerLink>(),
    codes: new Map<PeerId, string>(),
    screens: new Map<PeerId, boolean>(),
    data: [] as string[],
    gone: [] as PeerId[],
  };
  const events: MediaPathEvents = {
    remoteMedia: () => undefined,
    remoteScreen: (peer, sharing) => m.screens.set(peer, sharing),
    link: (peer, link) => m.links.set(peer, link),
    safetyCode: (peer, code) => m.codes.set(peer, code),
    data: (peer, data) => m.data.push(`${peer}: ${data}`),
    gone: (peer) => m.gone.push(peer),
  };
  const path = new MeshPath({
    signaling: bus.signaling(id),
    events,
    localStream: camera,
    iceTransportPolicy: 'all',
    ...(extra.unconfirmedTimeoutMs !== undefined && {
      unconfirmedTimeoutMs: extra.unconfirmedTimeoutMs,
    }),
    ...(extra.spare && { spare: extra.spare }),
  });
  cleanup.push(() => {
    path.close();
    for (const track of camera.getTracks()) track.stop();
  });
  return { ...m, path };
}

/** `newcomer` joins a room where `present` already are: it enters, they hear of it. */
export function joins(newcomer: Member, present: Member[]): void {
  void newcomer.path.enter(
    present.map((p) => p.info),
    [],
  );
  for (const p of present) void p.path.peerJoined(newcomer.id);
}

export function connectionTo(m: Member, peer: PeerId) {
  const found = m.path.diagnostics().find((d) => d.peerId === peer);
  if (!found) throw new Error(`${m.id} has no connection to ${peer}`);
  return found;
}

export const linksOf = (m: Member) => Object.fromEntries(m.links);
