import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../signal/protocol.ts';
import type { AppState } from '../store/types.ts';
import { cleanChatText, encodeChat, parseChat } from './chatMessage.ts';

export interface ChatHost {
  readonly store: StoreApi<AppState>;
  /** Sends a frame to everyone in the call (the media path's data channels). */
  broadcast(frame: string): void;
}

/**
 * Text chat, peer to peer: a message is sent on the media path's data channels
 * (in the mesh, one per connection), so it never passes through the signaling server.
 * The sender's name is the one we know for that connection, not one the
 * message claims.
 */
export class Chat {
  constructor(private readonly host: ChatHost) {}

  /** Sends to everyone in the call; false when the text is empty or too long. */
  send(text: string): boolean {
    const clean = cleanChatText(text);
    const state = this.host.store.getState();
    if (clean === null || state.phase !== 'in-call') return false;
    const id = crypto.randomUUID();
    const frame = encodeChat({ id, text: clean });
    this.host.broadcast(frame);
    state.addMessage({ id, from: null, name: state.self?.name ?? '', text: clean, at: Date.now() });
    return true;
  }

  receive(from: PeerId, data: string): void {
    const message = parseChat(data);
    const state = this.host.store.getState();
    const peer = state.peers[from];
    if (!message || !peer) return;
    state.addMessage({ id: message.id, from, name: peer.name, text: message.text, at: Date.now() });
  }
}
