/**
 * The first peer connection a page makes costs several times what later ones do: the browser
 * sets up its WebRTC machinery and lists its codecs on first use (measured here in Chromium:
 * the first RTCPeerConnection and its two transceivers 15-40 ms, later ones 5-10 ms). A join
 * makes its first connection right on the path to the first frame (the newcomer's offer, the
 * present one's answer), so pre-join pays that once, ahead of time, with a connection that
 * never leaves the page: no description is applied, so no candidate is gathered and nothing is
 * sent.
 */
let warmed = false;

export function warmUpPeerConnections(): void {
  if (warmed || typeof RTCPeerConnection === 'undefined') return;
  warmed = true;
  try {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    pc.createDataChannel('warm-up', { negotiated: true, id: 0 });
    void pc
      .createOffer()
      .catch(() => undefined)
      .finally(() => pc.close());
  } catch {
    // Only a head start: the call makes its own connections either way.
  }
}
