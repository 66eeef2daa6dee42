/**
 * The call's media path, and the switch from one path to another (switchingPath.ts). Each path
 * gets events that carry its number, so only the live path speaks to the views, or, during a
 * switch, the old path for those not yet shown through the new one and the new path for the rest.
 */
import type { PeerId } from '../../../signal/protocol.ts';
import type { MediaPath, MediaPathEvents } from './MediaPath.ts';
import { SwitchingPath } from './switchingPath.ts';

export class MediaPaths {
  private path: MediaPath | null = null;
  private seq = 0;
  private live = 0;
  private switching: { path: SwitchingPath; from: number; to: number } | null = null;

  /** `views`: what the views hear, from whichever path speaks for a participant. */
  constructor(private readonly views: MediaPathEvents) {}

  get current(): MediaPath | null {
    return this.path;
  }

  /** The call's first path. */
  open(make: (events: MediaPathEvents) => MediaPath): MediaPath {
    this.close();
    const path = make(this.eventsFor(++this.seq));
    this.path = path;
    this.live = this.seq;
    return path;
  }

  /**
   * Opens the next path beside the current one (make-before-break); the current one closes once
   * every participant arrives through the new one. Returns the new path, for its `enter`.
   */
  switchTo(
    make: (events: MediaPathEvents) => MediaPath,
    expectsVideo: (id: PeerId) => boolean,
  ): MediaPath | null {
    const from = this.path;
    if (!from || this.switching) return null;
    const toSeq = ++this.seq;
    const to = make(this.eventsFor(toSeq));
    const path: SwitchingPath = new SwitchingPath({
      from,
      to,
      events: this.views,
      expectsVideo,
      done: () => {
        if (this.path !== path) return;
        this.switching = null;
        this.path = to;
        this.live = toSeq;
      },
    });
    this.switching = { path, from: this.live, to: toSeq };
    this.path = path;
    return to;
  }

  close(): void {
    this.path?.close();
    this.path = null;
    this.switching = null;
    this.live = 0;
  }

  private eventsFor(seq: number): MediaPathEvents {
    const { views } = this;
    const shows = (id: PeerId): boolean => {
      const sw = this.switching;
      if (!sw) return seq === this.live;
      if (seq === sw.from) return !sw.path.isReady(id);
      return seq === sw.to && sw.path.isReady(id);
    };
    const live = (): boolean =>
      seq === this.live || seq === this.switching?.from || seq === this.switching?.to;
    return {
      remoteMedia: (id) => {
        if (shows(id)) views.remoteMedia(id);
      },
      remoteScreen: (id, sharing) => {
        if (shows(id)) views.remoteScreen(id, sharing);
      },
      link: (id, link) => {
        if (shows(id)) views.link(id, link);
      },
      safetyCode: (id, code) => {
        if (shows(id)) views.safetyCode(id, code);
      },
      data: (id, data) => {
        if (live()) views.data(id, data);
      },
      gone: (id) => {
        if (live()) views.gone(id);
      },
    };
  }
}
