/** What one outgoing camera encoding may use. */
export interface VideoLimit {
  /** Tallest picture sent, in pixels. */
  maxHeight: number;
  /** Bits per second for this one connection, or the browser's own choice. */
  maxBitrate?: number;
}

/** A camera's upload, shared between the connections of a mesh. */
const UPLINK_BPS = 3_000_000;

/**
 * In a mesh every remote peer gets its own encoding of the camera, so the
 * sender's CPU and upload grow with the room. Each connection gets a smaller
 * picture and a share of the upload the more people there are, which keeps
 * the frame rate up where 720p for everyone would not.
 */
export function videoLimitFor(remotePeers: number): VideoLimit {
  if (remotePeers <= 1) return { maxHeight: 720 };
  const maxHeight =
    remotePeers === 2 ? 540 : remotePeers === 3 ? 360 : remotePeers <= 5 ? 270 : 180;
  return { maxHeight, maxBitrate: Math.round(UPLINK_BPS / remotePeers) };
}

/** The scaleResolutionDownBy that brings a `height`-pixel track to at most `maxHeight`. */
export function scaleFor(height: number | undefined, maxHeight: number): number {
  if (!height || height <= maxHeight) return 1;
  return height / maxHeight;
}
