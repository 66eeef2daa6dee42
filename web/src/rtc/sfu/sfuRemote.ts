/** SFU rooms: one participant as received through the media server (SfuPath sorts their tracks in). */
import type { PeerId } from '../../../../signal/protocol.ts';
import type { RemoteMedia } from '../MediaPath.ts';

export class SfuRemote implements RemoteMedia {
  readonly remoteStream = new MediaStream();
  screen: MediaStream | null = null;
  audioReceiver: RTCRtpReceiver | null = null;
  videoReceiver: RTCRtpReceiver | null = null;
  private closed = false;

  constructor(readonly peerId: PeerId) {}

  async getStats(): Promise<RTCStatsReport | null> {
    const receiver = this.videoReceiver ?? this.audioReceiver;
    if (this.closed || !receiver) return null;
    return receiver.getStats().catch(() => null);
  }

  isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
  }
}
