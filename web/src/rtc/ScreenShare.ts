import type { StoreApi } from 'zustand';
import type { UpdateRequest } from '../../../signal/protocol.ts';
import { ClientErrorCode, errorKey } from '../lib/errors.ts';
import type { AppState } from '../store/types.ts';
import type { MediaOutput } from './MediaControls.ts';

/** What a screen share needs from the controls that own it. */
export interface ScreenShareHost {
  readonly store: StoreApi<AppState>;
  /** Runs `op` in the controls' queue of device operations (one at a time). */
  run(op: () => Promise<void>): Promise<void>;
  output(): MediaOutput | null;
  publish(patch: UpdateRequest): void;
}

/**
 * Our screen share: captured with getDisplayMedia and handed to the media path, which keeps
 * sending it to whoever joins later. Ended by the person, by the browser's own "Stop sharing",
 * or by leaving.
 */
export class ScreenShare {
  private screen: { stream: MediaStream; track: MediaStreamTrack } | null = null;

  constructor(private readonly host: ScreenShareHost) {}

  private get state(): AppState {
    return this.host.store.getState();
  }

  stream(): MediaStream | null {
    return this.screen?.stream ?? null;
  }

  toggle(): Promise<void> {
    return this.screen ? this.stop() : this.start();
  }

  start(): Promise<void> {
    return this.host.run(async () => {
      if (this.screen) return;
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getDisplayMedia({
          video: { frameRate: { ideal: 15 } },
          audio: false,
        });
      } catch (err) {
        // Cancelling the browser's picker is a choice, not an error.
        if (err instanceof DOMException && err.name === 'NotAllowedError') return;
        // Nothing to capture (Firefox without a display, for one): say so, not "no camera".
        if (err instanceof DOMException && err.name === 'NotFoundError') {
          this.state.notify(errorKey(ClientErrorCode.ScreenUnavailable));
          return;
        }
        throw err;
      }
      const track = stream.getVideoTracks()[0];
      if (!track) return;
      track.contentHint = 'detail';
      // The browser's own "Stop sharing" ends the track.
      track.onended = () => void this.stop();
      this.screen = { stream, track };
      this.host.output()?.setScreen(track, stream);
      this.state.setSending({ sharing: true });
      this.host.publish({ screen: true });
    });
  }

  stop(): Promise<void> {
    return this.host.run(() => {
      this.end();
      return Promise.resolve();
    });
  }

  /** Ends the share now; `tellRoom` false when leaving (the room hears of the leave instead). */
  end(tellRoom = true): void {
    const screen = this.screen;
    if (!screen) return;
    this.screen = null;
    screen.track.onended = null;
    screen.track.stop();
    this.host.output()?.setScreen(null);
    this.state.setSending({ sharing: false });
    if (tellRoom) this.host.publish({ screen: false });
  }
}
