/**
 * Relay-only calls: notices a round of candidate gathering that ended without a single relay
 * candidate (expired or wrong TURN credentials, an unreachable TURN server), so the call can
 * say so instead of waiting forever. Counts candidates and candidate errors for diagnostics.
 */
export interface RelayCounters {
  relayCandidates: number;
  candidateErrors: number;
}

export class RelayWatch {
  /** Relay candidates of the current gathering round. */
  private roundRelayCandidates = 0;
  private failed = false;

  constructor(
    private readonly relayOnly: boolean,
    private readonly counters: RelayCounters,
    private readonly onFailed: () => void,
  ) {}

  candidate(candidate: RTCIceCandidate | null): void {
    if (candidate?.type !== 'relay') return;
    this.counters.relayCandidates += 1;
    this.roundRelayCandidates += 1;
  }

  candidateError(): void {
    this.counters.candidateErrors += 1;
  }

  gatheringState(state: RTCIceGatheringState): void {
    if (state === 'gathering') {
      this.roundRelayCandidates = 0;
      this.failed = false;
    } else if (state === 'complete' && this.relayOnly && this.roundRelayCandidates === 0) {
      this.failed = true;
      this.onFailed();
    }
  }

  /** Relay-only and the last gathering found no relay: only new credentials or a new relay help. */
  get relayFailed(): boolean {
    return this.failed;
  }
}
