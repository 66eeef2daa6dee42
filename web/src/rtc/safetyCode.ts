/**
 * Safety codes: a short code per connection that both ends can read aloud to
 * each other. It is derived from the DTLS certificate fingerprints of both
 * ends as written in the SDP, sorted so that both ends get the same code.
 * A signaling server that swapped the SDP to sit in the middle would give
 * each end a different pair of fingerprints, so the codes would differ.
 */

/** Domain separation: a code means nothing outside this use. */
const CONTEXT = 'room-call safety code v1';

/**
 * Five groups of four digits (about 66 bits). An attacker in the middle controls
 * one certificate on each side and can search for a collision between the two
 * codes, which costs about 2^33 certificate generations for 66 bits: out of
 * reach while a call is being set up, where shorter codes would not be.
 */
const GROUPS = 5;

/** Every `a=fingerprint` of an SDP, normalised (`sha-256 AB:CD:…`), unique and sorted. */
export function fingerprintsOf(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/.exec(line);
    if (match?.[1] && match[2]) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

/** The code for a connection, given the fingerprints of each end (in either order). */
export async function safetyCodeFromFingerprints(a: string[], b: string[]): Promise<string> {
  const sides = [[...a].sort().join(','), [...b].sort().join(',')].sort();
  const input = new TextEncoder().encode(`${CONTEXT}\n${sides.join('\n')}`);
  const digest = new DataView(await crypto.subtle.digest('SHA-256', input));
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i += 1) {
    groups.push(String(digest.getUint32(i * 4) % 10_000).padStart(4, '0'));
  }
  return groups.join(' ');
}

/** The code for a connection from its local and remote SDP; null when either has no fingerprint. */
export async function safetyCodeFromSdp(
  localSdp: string,
  remoteSdp: string,
): Promise<string | null> {
  const local = fingerprintsOf(localSdp);
  const remote = fingerprintsOf(remoteSdp);
  if (local.length === 0 || remote.length === 0) return null;
  // WebCrypto exists only in secure contexts; elsewhere there is no code rather than an error.
  if (typeof crypto === 'undefined' || typeof crypto.subtle === 'undefined') return null;
  return safetyCodeFromFingerprints(local, remote);
}
