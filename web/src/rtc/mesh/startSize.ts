/**
 * The first pictures a connection sends are at most START_HEIGHT lines tall; once the camera's
 * encoder has put out its first frame, the connection goes to its full size (the mesh's video
 * budget, videoBudget.ts).
 *
 * Why: Chromium starts a connection's bandwidth estimate at about 300 kbit/s. A 720p camera is
 * more than that estimate allows for, so its encoder drops the first frames and then restarts at
 * a quarter of the size (320x180 here), which it keeps for seconds while it finds more bandwidth.
 * Measured in one idle page (two connections on loopback, the fake 1280x720 camera, 2026-12-02):
 * the first frame decoded about 300 ms after `connected`, 320 pixels wide, and still 320 wide
 * 4 s later; sent at 640x360 from the start, it decoded about 100 ms after `connected`, and
 * raised to the full size right after the first frame was encoded, the picture was 1280 wide
 * 250 ms after the start. Raised before that first frame, the encoder drops and shrinks as if
 * it had started at full size, so the raise waits for the sender's `framesEncoded`.
 *
 * The raise then waits RAISE_AFTER_MS more: it reconfigures the encoder, which in Chromium costs
 * about 110 ms of CPU for a 720p VP8 encoder (its first configuration at 360 lines about 60) and
 * holds the encoder's queue meanwhile, so no frame goes out until it is done. Measured in one
 * idle page (two connections, the fake 720p camera, 2026-12-03): ConfigureEncoder 109.5 ms of
 * CPU for the raise. Made right after the first frame, on a busy 2-core machine, it took 230 to
 * 350 ms of wall time in both pages of a join, while the other side still waited for its first
 * picture. A second later, both sides have their first pictures and the cost lands after them.
 */
export const START_HEIGHT = 360;

/** How long after its first frame the encoder stays at the start size. */
export const RAISE_AFTER_MS = 1000;

/** How often the sender's statistics are read while waiting for its first frame. */
const POLL_MS = 100;
/** A sender that has not encoded by then (no connection yet, say) gets its full size anyway. */
const GIVE_UP_MS = 10_000;

/**
 * Resolves RAISE_AFTER_MS after `sender` has encoded a video frame, or once `stopped()` turned
 * true, or GIVE_UP_MS passed, whichever comes first.
 */
export async function startSizeOver(sender: RTCRtpSender, stopped: () => boolean): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  while (!stopped() && Date.now() < deadline) {
    if (encodedAny(await sender.getStats().catch(() => null))) {
      await pause(RAISE_AFTER_MS);
      return;
    }
    await pause(POLL_MS);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function encodedAny(report: RTCStatsReport | null): boolean {
  let encoded = false;
  report?.forEach((s: { type?: string; framesEncoded?: number }) => {
    if (s.type === 'outbound-rtp' && (s.framesEncoded ?? 0) > 0) encoded = true;
  });
  return encoded;
}
