/**
 * What the end-to-end suite reads from a page: the live connections with their PeerIds and
 * negotiation counters, the local tracks, and a way to drop the signaling connection.
 * Only the e2e build (`vite build --mode e2e`, in dist-e2e/) and the dev server install it; the
 * production bundle leaves it out entirely (room.ts), so no page of the product exposes a peer
 * connection.
 */
import type { BlurRates } from '../rtc/effects/rateWatch.ts';
import type { CallController } from '../rtc/CallController.ts';

export interface E2eHooks {
  sessions: () => ReturnType<CallController['debugConnections']>;
  /** Our camera and microphone tracks (to check that a camera turned off is released). */
  localTracks: () => MediaStreamTrack[];
  /** The local camera/microphone stream. */
  local: () => MediaStream;
  /** Drops the signaling connection as a network blip would. */
  dropSignaling: () => void;
  /** Where the signaling connection stands (open while pre-join shows). */
  signalingState: () => ReturnType<CallController['debugSignalingState']>;
  /** Pre-join's spare connection (rtc/mesh/spareOffer.ts): its ICE gathering, or null if none. */
  spare: () => RTCIceGatheringState | null;
  /** Where the call stands (`'in-call'` once the server answered the join). */
  phase: () => ReturnType<CallController['debugPhase']>;
  /** Background blur's output and camera frames per second, while it runs. */
  blurRates: () => BlurRates | null;
  /** Reactions received in this call (`peer:reacted`), oldest first: what the server let through. */
  reactions: () => ReturnType<CallController['debugReactions']>;
}

declare global {
  interface Window {
    __roomCall?: E2eHooks;
  }
}

export function installE2eHooks(controller: CallController): void {
  window.__roomCall = {
    sessions: () => controller.debugConnections(),
    localTracks: () => controller.local.getTracks(),
    local: () => controller.local,
    dropSignaling: () => controller.debugDropSignaling(),
    signalingState: () => controller.debugSignalingState(),
    spare: () => controller.debugSpare(),
    phase: () => controller.debugPhase(),
    blurRates: () => controller.debugBlurRates(),
    reactions: () => controller.debugReactions(),
  };
}
