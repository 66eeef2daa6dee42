/**
 * Screen share on one peer connection. Ours: a video transceiver of its own, added only after
 * the first negotiation (so the camera keeps the first m-lines); stopping sets it inactive and
 * keeps it for the next share, so m-lines do not pile up. Theirs: any receiving video
 * transceiver other than the camera's and our own screen's.
 */
export class ScreenTransceivers {
  private out: RTCRtpTransceiver | null = null;
  private wanted: { track: MediaStreamTrack; stream: MediaStream } | null = null;
  private remoteTrack: MediaStreamTrack | null = null;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly onRemoteScreen: (stream: MediaStream | null) => void,
  ) {}

  /** Their screen as it arrives here, if any. */
  get remote(): MediaStreamTrack | null {
    return this.remoteTrack;
  }

  /** What we want to send: a screen track, or nothing. Applied once `negotiated`. */
  want(track: MediaStreamTrack | null, stream?: MediaStream): void {
    this.wanted = track ? { track, stream: stream ?? new MediaStream([track]) } : null;
  }

  /** Brings our screen transceiver in line with what is wanted (after the first negotiation). */
  apply(): void {
    const { wanted, out } = this;
    if (wanted) {
      if (!out) {
        this.out = this.pc.addTransceiver(wanted.track, {
          direction: 'sendonly',
          streams: [wanted.stream],
        });
        return;
      }
      if (out.sender.track !== wanted.track) void out.sender.replaceTrack(wanted.track);
      if (out.direction !== 'sendonly') out.direction = 'sendonly';
    } else if (out) {
      if (out.sender.track) void out.sender.replaceTrack(null);
      if (out.direction !== 'inactive') out.direction = 'inactive';
    }
  }

  /** Looks again for their screen; `camera` is the camera's video transceiver. */
  refreshRemote(camera: RTCRtpTransceiver | undefined): void {
    const incoming = this.pc
      .getTransceivers()
      .filter(
        (t) =>
          t !== camera &&
          t !== this.out &&
          t.receiver.track.kind === 'video' &&
          (t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv'),
      )
      .at(-1);
    const track = incoming?.receiver.track ?? null;
    if (track === this.remoteTrack) return;
    this.remoteTrack = track;
    this.onRemoteScreen(track ? new MediaStream([track]) : null);
  }
}
