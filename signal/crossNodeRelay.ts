/**
 * Signals for a peer whose connection is on another node (REDIS_URL). The Socket.IO adapter
 * would carry each one as a broadcast to the peer's room: packed for Redis, unpacked on the far
 * node, matched against its rooms and encoded there for the client. Relays are the bulk of
 * what crosses between nodes (every description and ICE candidate), so they take a shorter way:
 * the sending node encodes the packet the client will read, once, and publishes it with the
 * connection's id on the channel of the node that holds the connection (the registry says which),
 * and that node writes it to the connection as it comes. Everything else (room broadcasts, SFU
 * calls between nodes) still goes through the adapter, and so does a relay that no node took
 * from the channel (a node gone, or one of an older version that does not listen there, during a
 * rolling upgrade) or whose connection is gone from its node: the adapter's emit to the peer's
 * room still reaches a peer that has moved to another connection.
 */
import { Encoder, PacketType } from 'socket.io-parser';
import { ServerEvent } from './protocol.ts';
import type { SignalMessage } from './protocol.ts';
import type { SignalIo } from './context.ts';

export interface CrossNodeRelay {
  /** Delivers to `io`'s connections what other nodes send to this one. */
  attach(io: SignalIo): void;
  /**
   * Sends a signal to connection `socketId` on node `node` (fire and forget, like an emit). When
   * no node listens on that node's channel, or that node no longer holds the connection, it is
   * emitted to Socket.IO room `fallbackRoom` (the peer's room) through the adapter instead.
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
    // `<socket id> <fallback room> <packet>`: neither ids nor room names hold spaces.
    const first = message.indexOf(' ');
    const second = message.indexOf(' ', first + 1);
    if (first < 0 || second < 0 || !io) return;
    const packet = message.slice(second + 1);
    const socket = io.sockets.sockets.get(message.slice(0, first));
    if (socket?.connected) {
      socket.conn.write(packet);
      return;
    }
    // The connection went since the sender looked it up (the peer may have resumed on another
    // connection a moment ago): its peer room, through the adapter, finds it wherever it is now.
    // The packet is the one `signal` encoded below: the type digit, then the JSON array.
    const [, payload] = JSON.parse(packet.slice(1)) as [string, SignalMessage];
    io.to(message.slice(first + 1, second)).emit(ServerEvent.Signal, payload);
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
      pub.sPublish(channel(node), `${socketId} ${fallbackRoom} ${packet ?? ''}`).then(
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
