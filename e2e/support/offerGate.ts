import type { Page, WebSocketRoute } from '@playwright/test';

type Frame = string | Buffer;

/** A Socket.IO `signal` event (with or without an ack id) that carries an offer. */
const OFFER_FRAME = /^42\d*\["signal",.*"type":"offer"/s;

/**
 * Sits between a page and the signaling server. Once armed, it holds the next
 * offer the page sends, and everything after it, until released: two gated
 * pages that renegotiate at once then have their offers cross in flight.
 */
export class OfferGate {
  private armed = false;
  private held: Frame[] = [];
  private server: WebSocketRoute | null = null;

  static async install(page: Page): Promise<OfferGate> {
    const gate = new OfferGate();
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      gate.server = server;
      ws.onMessage((frame) => gate.fromPage(frame));
      server.onMessage((frame) => ws.send(frame));
    });
    return gate;
  }

  /** Is an offer being held? */
  get holding(): boolean {
    return this.held.length > 0;
  }

  arm(): void {
    this.armed = true;
  }

  /** Lets the held frames through in their order and stops holding. */
  release(): void {
    this.armed = false;
    const frames = this.held;
    this.held = [];
    for (const frame of frames) this.server?.send(frame);
  }

  private fromPage(frame: Frame): void {
    if (this.holding || (this.armed && typeof frame === 'string' && OFFER_FRAME.test(frame))) {
      this.held.push(frame);
      return;
    }
    this.server?.send(frame);
  }
}
