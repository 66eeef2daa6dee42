import type { Page } from '@playwright/test';

/** What one peer connection has received, from getStats(). */
export interface PeerMediaStats {
  peerId: string;
  connectionState: RTCPeerConnectionState;
  framesDecoded: number;
  videoBytesReceived: number;
  audioBytesReceived: number;
  totalAudioEnergy: number;
  /** The selected candidate pair has succeeded. */
  pairSucceeded: boolean;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  offersIgnored: number;
  rollbacks: number;
  offersSent: number;
  iceRestarts: number;
  staleIgnored: number;
}

/** Per remote peer, the inbound media counters of this page's peer connections. */
export function mediaStats(page: Page): Promise<PeerMediaStats[]> {
  return page.evaluate(async () => {
    const sessions = window.__roomCall?.sessions() ?? [];
    const out: PeerMediaStats[] = [];
    for (const { peerId, pc, stats } of sessions) {
      const report = await pc.getStats();
      const entry: PeerMediaStats = {
        peerId,
        connectionState: pc.connectionState,
        framesDecoded: 0,
        videoBytesReceived: 0,
        audioBytesReceived: 0,
        totalAudioEnergy: 0,
        pairSucceeded: false,
        localCandidateType: null,
        remoteCandidateType: null,
        ...stats,
      };
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          entry.framesDecoded += Number(s.framesDecoded ?? 0);
          entry.videoBytesReceived += Number(s.bytesReceived ?? 0);
        }
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          entry.audioBytesReceived += Number(s.bytesReceived ?? 0);
          entry.totalAudioEnergy += Number(s.totalAudioEnergy ?? 0);
        }
        if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
          const pair = report.get(s.selectedCandidatePairId) as Record<string, unknown> | undefined;
          if (pair) {
            entry.pairSucceeded = pair.state === 'succeeded';
            const local = report.get(String(pair.localCandidateId)) as
              Record<string, unknown> | undefined;
            const remote = report.get(String(pair.remoteCandidateId)) as
              Record<string, unknown> | undefined;
            entry.localCandidateType =
              typeof local?.candidateType === 'string' ? local.candidateType : null;
            entry.remoteCandidateType =
              typeof remote?.candidateType === 'string' ? remote.candidateType : null;
          }
        }
      });
      out.push(entry);
    }
    return out;
  });
}
