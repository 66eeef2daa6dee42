/**
 * Recognising signaling from an earlier negotiation. Messages can arrive late
 * or twice around reconnects and server restarts; applying one would roll a
 * connection back to old ICE credentials or throw in the middle of a call.
 */

/** The `o=` line's session id and version: a sender's descriptions count up. */
export function sdpOrigin(sdp: string): { sessionId: string; version: bigint } | null {
  const match = /^o=\S+ (\d+) (\d+) /m.exec(sdp);
  if (!match?.[1] || !match[2]) return null;
  return { sessionId: match[1], version: BigInt(match[2]) };
}

/** ICE username fragments of a description (one per m-section; equal under BUNDLE). */
export function iceUfrags(sdp: string): Set<string> {
  return new Set([...sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1] ?? ''));
}

/** A description we already applied a later one of, from the same remote session. */
export function isStaleDescription(incomingSdp: string, currentRemoteSdp: string | null): boolean {
  if (currentRemoteSdp === null) return false;
  const incoming = sdpOrigin(incomingSdp);
  const current = sdpOrigin(currentRemoteSdp);
  if (!incoming || incoming.sessionId !== current?.sessionId) return false;
  return incoming.version <= current.version;
}

/**
 * A candidate gathered for other ICE credentials than the remote description's:
 * it belongs to a negotiation that has since been replaced (an ICE restart).
 */
export function isStaleCandidate(
  candidate: { usernameFragment?: string | null | undefined },
  currentRemoteSdp: string | null,
): boolean {
  const ufrag = candidate.usernameFragment;
  if (!ufrag || currentRemoteSdp === null) return false;
  const current = iceUfrags(currentRemoteSdp);
  return current.size > 0 && !current.has(ufrag);
}
