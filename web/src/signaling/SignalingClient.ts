import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { ClientEvent, PROTOCOL_VERSION } from '../../../signal/protocol.ts';
import type {
  Ack,
  ChatSendRequest,
  ClientToServerEvents,
  HandshakeAuth,
  IceServersResult,
  JoinRequest,
  Ok,
  ReactRequest,
  JoinResult,
  ServerToClientEvents,
  SessionDescription,
  SfuAnswerRequest,
  SfuPauseRequest,
  SfuPublishRequest,
  SfuPublishResult,
  SfuTrickleRequest,
  SignalRequest,
  UpdateRequest,
  UpdateResult,
} from '../../../signal/protocol.ts';
import { CallError, ClientErrorCode } from '../lib/errors.ts';
import type { CallErrorCode } from '../lib/errors.ts';
import { ComeBack, serverAnswers } from './comeBack.ts';

type SignalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where the connection to the signaling service stands. */
export type SignalingState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

const ACK_TIMEOUT_MS = 10_000;

export interface SignalingHandlers {
  onConnect: (reconnected: boolean) => void;
  onDisconnect: (reason: string) => void;
  onConnectError: (code: CallErrorCode) => void;
  /**
   * Whether to come back after the server closed the connection on purpose (a shutdown, a
   * restart, or a connection left in no room too long); yes unless it says no.
   */
  comeBackAfterServerClose?: () => boolean;
}

/**
 * The socket to the signaling service: typed requests that resolve with the
 * ack's success value or reject with a CallError carrying the ack's code, and typed
 * subscriptions to what the server sends. Nothing outside this folder sees the socket.
 */
export class SignalingClient {
  private readonly socket: SignalSocket;
  private everConnected = false;
  private closed = false;
  /** Reconnecting is ours, not Socket.IO's: see comeBack.ts. */
  private readonly comeBack: ComeBack;

  private readonly ackTimeoutMs: number;

  constructor(handlers: SignalingHandlers, url?: string, tuning: { ackTimeoutMs?: number } = {}) {
    this.ackTimeoutMs = tuning.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION };
    const options = {
      transports: ['websocket'],
      auth,
      autoConnect: false,
      reconnection: false,
    };
    this.socket = url ? io(url, options) : io(options);
    // Back within a few seconds of a server restart.
    this.comeBack = new ComeBack({
      probe: () => serverAnswers(url ?? window.location.href),
      connect: () => this.connect(),
    });
    this.socket.on('connect', () => {
      this.comeBack.stop();
      handlers.onConnect(this.everConnected);
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      // Our own disconnect opens again by itself (reconnect) or is for good (close).
      const wanted =
        reason !== 'io client disconnect' &&
        !this.closed &&
        (reason !== 'io server disconnect' || (handlers.comeBackAfterServerClose?.() ?? true));
      if (wanted) this.comeBack.start();
      handlers.onDisconnect(reason);
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: unknown } }) => {
      // Not reached (a refusal by the server itself carries data, and stands).
      if (!this.closed && err.data === undefined) {
        this.comeBack.start();
        this.comeBack.failed();
      }
      handlers.onConnectError(
        err.data?.code === 'unsupported-protocol'
          ? 'unsupported-protocol'
          : ClientErrorCode.Unreachable,
      );
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get state(): SignalingState {
    if (this.closed) return 'closed';
    if (this.socket.connected) return 'connected';
    if (this.socket.active || this.comeBack.running)
      return this.everConnected ? 'reconnecting' : 'connecting';
    return 'idle';
  }

  /** Calls `handler` for each `event` the server sends; returns the unsubscribe. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    // socket.io-client cannot narrow its listener type through a generic event name; the
    // signature above already ties the handler to the event's own payload.
    this.socket.on(event, handler as never);
    return () => {
      this.socket.off(event, handler as never);
    };
  }

  /** Diagnostics: drops the connection as a network blip would; Socket.IO reconnects. */
  dropConnection(): void {
    this.socket.io.engine.close();
  }

  connect(): void {
    if (!this.closed && !this.socket.connected) this.socket.connect();
  }

  /** Resolves once connected; rejects if the first attempt fails or takes too long. */
  waitConnected(timeoutMs = this.ackTimeoutMs): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    this.connect();
    return new Promise((resolve, reject) => {
      const done = (err?: CallError) => {
        clearTimeout(timer);
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
        if (err) reject(err);
        else resolve();
      };
      const onConnect = () => done();
      const onError = (err: Error & { data?: { code?: unknown } }) =>
        done(
          new CallError(
            err.data?.code === 'unsupported-protocol'
              ? 'unsupported-protocol'
              : ClientErrorCode.Unreachable,
          ),
        );
      const timer = setTimeout(() => done(new CallError(ClientErrorCode.Unreachable)), timeoutMs);
      this.socket.on('connect', onConnect);
      this.socket.on('connect_error', onError);
    });
  }

  /**
   * Joins, on the connection as it is or once it is up. With `again`, for a newcomer's join on
   * a connection opened while pre-join showed (it may have gone bad meanwhile): if the
   * connection drops before the answer, or no answer comes in time, the join is sent once more
   * on a new connection (the server undoes a join whose connection went while it was being
   * made, and a member whose connection went leaves after the grace period). A rejoin has no
   * `again`: the reconnection starts its own (rejoin.ts).
   */
  async join(req: JoinRequest, { again = false }: { again?: boolean } = {}): Promise<JoinResult> {
    for (let attempt = 1; ; attempt += 1) {
      await this.waitConnected();
      try {
        const pending = this.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck(ClientEvent.Join, req) as Promise<Ack<JoinResult>>;
        return await this.request(pending);
      } catch (err) {
        const noAnswer = err instanceof CallError && err.code === ClientErrorCode.Timeout;
        if (!again || attempt > 1 || !noAnswer || this.closed) throw err;
        // Socket.IO fails a pending answer the moment its connection drops: still connected
        // means no answer came on a live one, which is then replaced.
        if (this.socket.connected) this.reconnect();
      }
    }
  }

  /** The STUN/TURN servers a join would bring, asked for before joining (pre-join's spare). */
  async iceServers(): Promise<RTCIceServer[]> {
    return (await this.ask<IceServersResult>(ClientEvent.IceServers, {})).iceServers;
  }

  async leave(): Promise<void> {
    await this.ask(ClientEvent.Leave, {});
  }

  /**
   * Relays a description or candidate. While disconnected it fails at once instead
   * of queueing: a late negotiation message is worse than a lost one, which the
   * resync after reconnecting replaces.
   */
  async signal(req: SignalRequest): Promise<void> {
    if (!this.socket.connected) throw new CallError(ClientErrorCode.Unreachable, 'offline');
    await this.ask(ClientEvent.Signal, req);
  }

  /** Resolves with the ack: ourselves as the room now sees us (servers before hands: nothing). */
  update(req: UpdateRequest): Promise<UpdateResult> {
    return this.ask<UpdateResult>(ClientEvent.Update, req);
  }

  /** A reaction for the room; the server sends it back to us too once it took it. */
  async react(req: ReactRequest): Promise<void> {
    await this.ask(ClientEvent.React, req);
  }

  /** SFU rooms: our publishing connection's offer; resolves with the media server's answer. */
  async sfuPublish(req: SfuPublishRequest): Promise<SessionDescription> {
    return (await this.ask<SfuPublishResult>(ClientEvent.SfuPublish, req)).description;
  }

  /** SFU rooms: our answer to the latest `sfu:offer`. */
  async sfuAnswer(req: SfuAnswerRequest): Promise<void> {
    await this.ask(ClientEvent.SfuAnswer, req);
  }

  /** SFU rooms: a local candidate; like `signal`, it fails at once while offline. */
  async sfuTrickle(req: SfuTrickleRequest): Promise<void> {
    if (!this.socket.connected) throw new CallError(ClientErrorCode.Unreachable, 'offline');
    await this.ask(ClientEvent.SfuTrickle, req);
  }

  /** SFU rooms: our subscribing connection's path broke: the server offers an ICE restart. */
  async sfuRestart(): Promise<void> {
    await this.ask(ClientEvent.SfuRestart, {});
  }

  /**
   * SFU rooms: whose camera video the server should stop sending us, and whose to send small
   * (the full sets).
   */
  async sfuPause(req: SfuPauseRequest): Promise<void> {
    await this.ask(ClientEvent.SfuPause, req);
  }

  /** SFU rooms: a chat frame for the others in the room, through the server. */
  async sendChat(req: ChatSendRequest): Promise<void> {
    await this.ask(ClientEvent.ChatSend, req);
  }

  /** Leaves without waiting for an answer: for page unload, where no answer can arrive. */
  leaveNow(): void {
    if (this.socket.connected) this.socket.emit(ClientEvent.Leave, {}, () => undefined);
  }

  /** Drops the connection and opens a new one (the server stopped answering on this one). */
  reconnect(): void {
    if (this.closed) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.comeBack.stop();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /**
   * A request and its ack, typed by the calling method: socket.io-client's typings lose an
   * ack's type when its payload nests a generic (Ack<T>).
   */
  private ask<T extends { ok: true } = Ok>(event: ClientEvent, payload: unknown): Promise<T> {
    const socket = this.socket.timeout(this.ackTimeoutMs) as unknown as {
      emitWithAck(event: ClientEvent, payload: unknown): Promise<Ack<T>>;
    };
    return this.request(socket.emitWithAck(event, payload));
  }

  private async request<T extends { ok: true }>(pending: Promise<Ack<T>>): Promise<T> {
    let res: Ack<T>;
    try {
      res = await pending;
    } catch (cause) {
      throw new CallError(ClientErrorCode.Timeout, 'no answer from the server', { cause });
    }
    if (!res.ok) throw new CallError(res.error.code, res.error.message);
    return res;
  }
}
