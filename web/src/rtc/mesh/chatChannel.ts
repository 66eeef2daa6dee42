/**
 * The chat's data channel on one peer connection: negotiated (id 0), so both ends create it
 * themselves and neither starts a negotiation for it. Text sent before it opens waits in a
 * bounded outbox and goes out when it does.
 */
const OUTBOX_MAX = 50;

export class ChatChannel {
  private channel: RTCDataChannel | null = null;
  private outbox: string[] = [];

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly onMessage: (data: string) => void,
  ) {}

  /** Creates the channel (once): the newcomer before its first offer, the other when applying it. */
  open(): void {
    if (this.channel) return;
    const channel = this.pc.createDataChannel('chat', { negotiated: true, id: 0, ordered: true });
    channel.onopen = () => {
      const pending = this.outbox;
      this.outbox = [];
      for (const data of pending) channel.send(data);
    };
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (typeof data === 'string') this.onMessage(data);
    };
    this.channel = channel;
  }

  /** Sends a text frame, or queues it until the channel opens (the oldest 50 are kept). */
  send(data: string): void {
    const channel = this.channel;
    if (channel?.readyState === 'open') channel.send(data);
    else if (this.outbox.length < OUTBOX_MAX) this.outbox.push(data);
  }

  close(): void {
    if (this.channel) {
      this.channel.onopen = null;
      this.channel.onmessage = null;
    }
    this.outbox = [];
  }
}
