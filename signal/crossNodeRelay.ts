/**
 * Signals for a peer whose connection is on another node (REDIS_URL). The Socket.IO adapter
 * would carry each one as a broadcast to the peer's room: packed for Redis, unpacked on the far
 * node, matched against its rooms and encoded there for the client. Relays are the bulk of
 * what crosses between nodes (every description and ICE candidate), so they take a shorter way:
 * the sending node encodes the packet the client will read, once, and publishes it with the
 * connection's id on the channel of the node that holds the connection (the registry says which),
 * and that node writes it to the connection as it comes. Everything else (room broadcasts, SFU
 * calls between nodes) still goes through the adapter, and so does a relay that no node took
 * from the channel: a node gone, or one of an older version that does not listen there (during a
 * rolling upgrade), where the adapter still reaches a connection that has moved.
 */
import { Encoder, PacketType } from 'socket.io-parser';
import { ServerEvent } from './protocol.ts';
import type { SignalMessage } from './protocol.ts';
import type { SignalIo } from './context.ts';

export interface CrossNodeRelay {
  /** Delivers to `io`'s connections what other nodes send to this one. */
  attach(io: SignalIo): void;
  /**
   * Sends a signal to connection `socketId` on node `node` (fire and forget, like an emit); when
   * no node listens on that node's channel, emits it to Socket.IO room `fallbackRoom` instead.
   */
  signal(node: string, socketId: string, message: SignalMessage, fallbackRoom: string): void;
}

export interface RelayPublisher {
  sPublish(channel: string, message: string): Promise<number>;
}

export interface RelaySubscriber {
  sSubscribe(channel: string, listener: (message: string) => void): Promise<void>;
}

/**
 * Subscribes to this node's channel, then returns the relay; messages that come before `attach`
 * find no connection here, as none can exist yet.
 */
export async function crossNodeRelay(
  pub: RelayPublisher,
  sub: RelaySubscriber,
  prefix: string,
  nodeId: string,
): Promise<CrossNodeRelay> {
  const channel = (node: string) => `${prefix}:relay:${node}`;
  const encoder = new Encoder();
  let io: SignalIo | null = null;
  await sub.sSubscribe(channel(nodeId), (message) => {
    const space = message.indexOf(' ');
    if (space < 0 || !io) return;
    const socket = io.sockets.sockets.get(message.slice(0, space));
    // A connection gone since the sender looked it up: nothing to deliver, as with the adapter.
    if (socket?.connected) socket.conn.write(message.slice(space + 1));
  });
  return {
    attach(server) {
      io = server;
    },
    signal(node, socketId, message, fallbackRoom) {
      // An event on the main namespace with no binary part: always one string.
      const [packet] = encoder.encode({
        type: PacketType.EVENT,
        nsp: '/',
        data: [ServerEvent.Signal, message],
      }) as string[];
      pub.sPublish(channel(node), `${socketId} ${packet ?? ''}`).then(
        (listeners) => {
          // Replies come in order, so relays that fall back keep their order.
          if (listeners === 0) io?.to(fallbackRoom).emit(ServerEvent.Signal, message);
        },
        // A lost connection to Redis loses the message, as an emit through the adapter would.
        () => undefined,
      );
    },
  };
}
