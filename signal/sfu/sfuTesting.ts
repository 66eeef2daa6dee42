/**
 * Test support for SFU rooms: a signaling server brokering a throwaway Janus, hand-made SDP
 * offers, and real WebRTC endpoints (@roamhq/wrtc, libwebrtc for Node) for what Janus only does
 * once a connection is up: it lists a publisher to the others, and so lets anyone subscribe to
 * it, only after that publisher's ICE and DTLS completed. Hand-made SDP gets an answer, never a
 * connection.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { RoomId } from 'janode/plugins/videoroom';
import { startTestServer } from '../testing.ts';
import type { TestClient, TestServer } from '../testing.ts';
import type { SignalServerOptions } from '../createSignalServer.ts';
import type { SessionDescription, SfuOffer } from '../protocol.ts';
import type { JanusServer } from './janusProcess.ts';

/** What one Janus holds, asked over a connection of the test's own (with its admin key). */
export interface JanusInspector {
  /** The videorooms it holds now (private ones included). */
  rooms(): Promise<RoomId[]>;
  close(): Promise<void>;
}

export async function inspect(janus: JanusServer): Promise<JanusInspector> {
  const connection = await Janode.connect({
    address: { url: janus.wsUrl, apisecret: janus.apiSecret },
    max_retries: 0,
  });
  const handle = await (await connection.create()).attach(VideoRoomPlugin);
  return {
    rooms: async () => (await handle.list({ admin_key: janus.adminKey })).list.map((r) => r.room),
    close: () => connection.close().catch(() => undefined),
  };
}

/**
 * A server whose rooms are all SFU rooms on `janus` (several instances: started with the same
 * secrets, see startJanusInNamespace).
 */
export function startSfuServer(
  janus: JanusServer | readonly JanusServer[],
  options: SignalServerOptions = {},
): Promise<TestServer> {
  const instances: readonly JanusServer[] = 'wsUrl' in janus ? [janus] : janus;
  const [first] = instances;
  if (!first) throw new Error('no janus');
  return startTestServer({
    sfu: {
      urls: instances.map((instance) => instance.wsUrl),
      apiSecret: first.apiSecret,
      adminKey: first.adminKey,
      requestTimeoutMs: 5000,
    },
    meshMax: 0,
    ...options,
  });
}

const hex = (bytes: number) =>
  [...randomBytes(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

/**
 * A valid offer written by hand, as a browser's publishing connection makes it: send-only
 * audio (opus) and video (VP8) with ICE credentials, a DTLS fingerprint, `setup:actpass`, mids
 * and SSRCs; with `screen`, a second video m-line (mid 2) for a screen share.
 */
export function handMadeOffer(options: { screen?: boolean } = {}): SessionDescription {
  const ufrag = randomBytes(4).toString('hex');
  const pwd = randomBytes(12).toString('hex');
  const fingerprint = hex(32);
  const media: ['audio' | 'video', string][] = [
    ['audio', '0'],
    ['video', '1'],
    ...(options.screen ? [['video', '2'] as ['video', string]] : []),
  ];
  const sdp = [
    'v=0',
    `o=- ${randomBytes(6).readUIntBE(0, 6)} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${media.map(([, mid]) => mid).join(' ')}`,
    'a=msid-semantic: WMS local',
  ];
  for (const [index, [kind, mid]] of media.entries()) {
    const pt = kind === 'audio' ? 111 : 96;
    const ssrc = 10_000 + index;
    sdp.push(
      `m=${kind} 9 UDP/TLS/RTP/SAVPF ${pt}`,
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      `a=ice-ufrag:${ufrag}`,
      `a=ice-pwd:${pwd}`,
      'a=ice-options:trickle',
      `a=fingerprint:sha-256 ${fingerprint}`,
      'a=setup:actpass',
      `a=mid:${mid}`,
      'a=sendonly',
      'a=rtcp-mux',
      kind === 'audio' ? 'a=rtpmap:111 opus/48000/2' : 'a=rtpmap:96 VP8/90000',
      ...(kind === 'audio'
        ? ['a=fmtp:111 minptime=10;useinbandfec=1']
        : ['a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli', 'a=rtcp-fb:96 ccm fir']),
      `a=ssrc:${ssrc} cname:local`,
      `a=ssrc:${ssrc} msid:local ${kind}${mid}`,
    );
  }
  return { type: 'offer', sdp: `${sdp.join('\r\n')}\r\n` };
}

// The little of @roamhq/wrtc used here (its own types need the DOM library).
interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}
interface Transceiver {
  readonly mid: string | null;
  direction: 'sendonly' | 'inactive';
}
interface PeerConnection {
  addTransceiver(kind: 'audio' | 'video', init: { direction: 'sendonly' }): Transceiver;
  createOffer(): Promise<Description>;
  createAnswer(): Promise<Description>;
  setLocalDescription(description: Description): Promise<void>;
  setRemoteDescription(description: Description): Promise<void>;
  readonly localDescription: Description | null;
  readonly iceGatheringState: string;
  readonly connectionState: string;
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}
interface Wrtc {
  RTCPeerConnection: new (config: { iceServers: never[] }) => PeerConnection;
}

let wrtc: Wrtc | undefined;
const newPeerConnection = (): PeerConnection => {
  wrtc ??= createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;
  return new wrtc.RTCPeerConnection({ iceServers: [] });
};

/** Resolves once every candidate is in the local description (so none need trickling). */
function gathered(pc: PeerConnection): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
}

/** Resolves when the connection is up; rejects when it fails or takes longer than `ms`. */
export function connected(pc: PeerConnection, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still ${pc.connectionState}`)), ms);
    const check = () => {
      if (pc.connectionState === 'connected') resolve();
      else if (pc.connectionState === 'failed') reject(new Error('connection failed'));
      else return;
      clearTimeout(timer);
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

export interface Publishing {
  pc: PeerConnection;
  /** The screen-share m-line, once there is one. */
  screen: Transceiver | null;
  readonly screenMid: string | null;
}

/**
 * Publishes like a browser through `sfu:publish`: a real connection sending audio and video
 * (and a screen m-line with `screen`); resolves once Janus' answer is applied.
 */
export async function publish(
  client: TestClient,
  options: { screen?: boolean } = {},
): Promise<Publishing> {
  const pc = newPeerConnection();
  pc.addTransceiver('audio', { direction: 'sendonly' });
  pc.addTransceiver('video', { direction: 'sendonly' });
  const publishing: Publishing = {
    pc,
    screen: options.screen ? pc.addTransceiver('video', { direction: 'sendonly' }) : null,
    get screenMid() {
      return this.screen?.mid ?? null;
    },
  };
  await offerAgain(client, publishing);
  return publishing;
}

/**
 * Shares a screen (a new m-line the first time, the same one after), or stops sharing (the
 * m-line goes inactive), as the web app does; resolves once Janus' answer is applied.
 */
export async function shareScreen(client: TestClient, publishing: Publishing, on: boolean) {
  if (!publishing.screen && on) {
    publishing.screen = publishing.pc.addTransceiver('video', { direction: 'sendonly' });
  } else if (publishing.screen) publishing.screen.direction = on ? 'sendonly' : 'inactive';
  await offerAgain(client, publishing);
}

async function offerAgain(client: TestClient, publishing: Publishing): Promise<void> {
  const { pc } = publishing;
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const offer = pc.localDescription;
  if (!offer) throw new Error('no local offer');
  const res = await client.emitWithAck('sfu:publish', {
    description: { type: 'offer', sdp: offer.sdp },
    // Known once the offer is set (as in the web app, the m-line stays the screen's when inactive).
    screenMid: publishing.screenMid,
  });
  if (!res.ok) {
    pc.close();
    throw new Error(`publish refused: ${res.error.code}`);
  }
  await pc.setRemoteDescription(res.description);
}

export interface Receiving {
  pc: PeerConnection;
  /** Every offer received, in order. */
  offers: SfuOffer[];
  /** Acks of our answers, in order. */
  answered: boolean[];
}

/** Answers every `sfu:offer` like a browser's subscribing connection, one at a time. */
export function receive(client: TestClient): Receiving {
  const pc = newPeerConnection();
  const receiving: Receiving = { pc, offers: [], answered: [] };
  let queue = Promise.resolve();
  client.on('sfu:offer', (offer) => {
    receiving.offers.push(offer);
    queue = queue.then(async () => {
      await pc.setRemoteDescription(offer.description);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const answer = pc.localDescription;
      if (!answer) throw new Error('no local answer');
      const res = await client.emitWithAck('sfu:answer', {
        description: { type: 'answer', sdp: answer.sdp },
      });
      receiving.answered.push(res.ok);
    });
    queue = queue.catch(() => {
      receiving.answered.push(false);
    });
  });
  return receiving;
}
