/**
 * Support for the call core's part tests in a real browser (`*.browser.test.ts`): a wire that
 * carries signals between endpoints in one page and can hold them (so that two offers cross,
 * or an answer is lost), fake camera streams, a canvas track standing in for a screen, and the
 * inbound counters of a receiver from getStats().
 */
import type { SessionDescription } from '../../../../signal/protocol.ts';

/** Delivers what is sent, a task later (as a network would), unless told to hold it. */
export class Wire<T> {
  private held: T[] = [];
  private holding = false;
  /** Everything sent, held or not, in order. */
  readonly log: T[] = [];

  constructor(private readonly deliver: (message: T) => void) {}

  send(message: T): void {
    this.log.push(message);
    if (this.holding) this.held.push(message);
    else setTimeout(() => this.deliver(message), 0);
  }

  hold(): void {
    this.holding = true;
  }

  /** Delivers what was held, in order, and stops holding. */
  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const message of held) this.deliver(message);
  }

  /** Loses what was held (and holds no more). */
  drop(): void {
    this.holding = false;
    this.held = [];
  }

  /** Descriptions of a type being held. */
  heldDescriptions(type: SessionDescription['type']): number {
    return this.held.filter((m) => descriptionOf(m)?.type === type).length;
  }
}

export function descriptionOf(message: unknown): SessionDescription | undefined {
  if (typeof message !== 'object' || message === null || !('description' in message))
    return undefined;
  return (message as { description?: SessionDescription }).description;
}

/** Chromium's fake camera and microphone (the browser runs with fake media devices). */
export function fakeCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: 320, height: 240, frameRate: 15 },
  });
}

/** A moving canvas, captured: what a screen share sends, without the browser's picker. */
export function canvasScreen(): { track: MediaStreamTrack; stream: MediaStream } {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const g = canvas.getContext('2d');
  let tick = 0;
  const timer = setInterval(() => {
    if (!g) return;
    g.fillStyle = tick++ % 2 ? '#0af' : '#fa0';
    g.fillRect(0, 0, 160, 90);
  }, 50);
  const stream = canvas.captureStream(15);
  const [track] = stream.getVideoTracks();
  if (!track) throw new Error('no canvas track');
  track.addEventListener('ended', () => clearInterval(timer));
  return { track, stream };
}

/** Frames decoded and bytes received so far on one receiver. */
export async function received(
  receiver: RTCRtpReceiver,
): Promise<{ frames: number; bytes: number }> {
  let frames = 0;
  let bytes = 0;
  (await receiver.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    frames += Number(s.framesDecoded ?? 0);
    bytes += Number(s.bytesReceived ?? 0);
  });
  return { frames, bytes };
}

/** The receiver of a remote track on a connection. */
export function receiverOf(pc: RTCPeerConnection, track: MediaStreamTrack): RTCRtpReceiver {
  const receiver = pc.getReceivers().find((r) => r.track === track);
  if (!receiver) throw new Error(`no receiver for ${track.kind} track`);
  return receiver;
}

/** The ICE username fragment of a description (it changes with an ICE restart). */
export function iceUfrag(sdp: string | undefined): string | null {
  return /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1] ?? null;
}
