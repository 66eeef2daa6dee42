/**
 * Rejoining after signaling was away, or after a server restart (docs/resilience.md): the join
 * again with the resume token, what its answer means, and what a restarted server forgot (our
 * raised hand, the media we send). RoomMembership keeps the path and the roster.
 */
import type { JoinRequest, JoinResult, MediaMode, PeerInfo } from '../../../signal/protocol.ts';
import type { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState } from '../store/types.ts';
import { CallError, ClientErrorCode } from '../lib/errors.ts';
import type { CallErrorCode } from '../lib/errors.ts';

/** Codes of a rejoin that should be retried rather than end the call. */
const RETRYABLE: readonly string[] = [ClientErrorCode.Timeout, ClientErrorCode.Unreachable];

export interface RejoinHost {
  state(): AppState;
  /** The signaling connection now: an answer that came on an older one is ignored. */
  signaling(): SignalingClient | null;
  /** The token was not honoured (another secret, or expired): we are a newcomer again. */
  newcomer(result: JoinResult): void;
  /** The rejoin was refused: the call ends. */
  fail(code: CallErrorCode): void;
  /** The server assumes microphone and camera on at join: tell it what is really sent. */
  publishSending(self: PeerInfo): void;
  /** Roster events wait from now until the returned function is called (heldRoomEvents.ts). */
  holdRoomEvents(): () => void;
  /**
   * We are back with our id and the roster is updated: the media path goes on (`sameCourse`), or
   * the room is on another path than ours (a restarted server forgot the move) and that opens.
   */
  resumed(result: JoinResult, media: MediaMode, sameCourse: boolean): void;
}

export class Rejoin {
  private token: string | null = null;
  /** Counts rejoin attempts, so that an outdated one's answer is ignored. */
  private seq = 0;

  constructor(private readonly host: RejoinHost) {}

  /** A join was answered: its token lets the next rejoin keep our id. */
  remember(token: string): void {
    this.token = token;
  }

  /** We left: the next join is a newcomer's. */
  forget(): void {
    this.token = null;
  }

  /** The call was torn down: a rejoin under way is outdated. */
  cancel(): void {
    this.seq += 1;
  }

  /** Back on the server after a drop (or a server restart): rejoin and keep the media path. */
  async run(signaling: SignalingClient, request: JoinRequest): Promise<void> {
    const before = this.host.state().self;
    if (!before || this.host.state().phase !== 'in-call') return;
    // Who arrives meanwhile is told after the answer, which does not list them.
    const release = this.host.holdRoomEvents();
    try {
      await this.attempt(signaling, request, before);
    } finally {
      release();
    }
  }

  private async attempt(
    signaling: SignalingClient,
    request: JoinRequest,
    before: PeerInfo,
  ): Promise<void> {
    const seq = ++this.seq;
    const outdated = () => seq !== this.seq || this.host.signaling() !== signaling;
    let result: JoinResult;
    try {
      result = await signaling.join({
        ...request,
        ...(this.token !== null && { resume: this.token }),
      });
    } catch (err) {
      if (outdated()) return;
      const code = err instanceof CallError ? err.code : ClientErrorCode.Unreachable;
      // No answer: try again on a fresh connection; the call goes on meanwhile.
      if (RETRYABLE.includes(code)) {
        if (signaling.connected) signaling.reconnect();
        return;
      }
      this.host.fail(code);
      return;
    }
    if (outdated()) return;
    if (result.self.id !== before.id) {
      this.host.newcomer(result);
      return;
    }
    this.token = result.resume;
    const state = this.host.state();
    const media = result.media ?? 'mesh';
    // A restarted server may hold the room on another path than ours (it forgot the move).
    const sameCourse = media === state.media;
    // A server that restarted forgot our media state and raised hand: tell it again.
    const handLost = before.hand != null && result.self.hand == null;
    state.joined(handLost ? { ...result.self, hand: before.hand ?? null } : result.self, media);
    this.host.publishSending(result.self);
    // The restarted server's time orders our hand among the others', here as everywhere.
    if (handLost)
      void signaling.update({ hand: true }).then(
        (res) => {
          if (res.self && res.self.id === this.host.state().self?.id)
            this.host.state().updateSelf({ hand: res.self.hand ?? null });
        },
        (err: unknown) => console.warn('hand not delivered', err),
      );
    for (const peer of result.peers) state.upsertPeer(peer);
    this.host.resumed(result, media, sameCourse);
  }
}
