// janode (the Janus authors' Node adapter) ships no types. These cover only what this project
// calls; see node_modules/janode/src for the rest.

declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface ServerAddress {
    url: string;
    /** Sent as `apisecret` with every request. */
    apisecret?: string;
    token?: string;
  }

  export interface JanodeConfig {
    address: ServerAddress | ServerAddress[];
    /** Seconds between connection attempts (default 10). */
    retry_time_secs?: number;
    /** Attempts after the first before `connect` rejects (default 5). */
    max_retries?: number;
    is_admin?: boolean;
  }

  export interface PluginDescriptor<H extends Handle> {
    id: string;
    Handle: new (...args: never[]) => H;
    EVENT: Record<string, string>;
  }

  /** A JSEP as Janus sends and takes it. */
  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
    e2ee?: boolean;
  }

  /** A trickled candidate, or `{ completed: true }` for the end of candidates. */
  export interface TrickleCandidate {
    candidate?: string;
    sdpMid?: string | null;
    sdpMLineIndex?: number | null;
    completed?: true;
  }

  export class Handle extends EventEmitter {
    readonly id: number;
    detach(): Promise<void>;
    hangup(): Promise<unknown>;
    /** null or undefined: end of candidates. */
    trickle(candidate: TrickleCandidate | null): Promise<unknown>;
  }

  export class Session extends EventEmitter {
    readonly id: number;
    attach<H extends Handle>(descriptor: PluginDescriptor<H>): Promise<H>;
    destroy(): Promise<void>;
  }

  export class Connection extends EventEmitter {
    /** Creates a Janus session; rejects with "403 Unauthorized…" on a wrong API secret. */
    create(keepAliveSeconds?: number): Promise<Session>;
    /** The server's `info` answer (name, version, plugins…). */
    getInfo(): Promise<Record<string, unknown>>;
    close(): Promise<void>;
  }

  type Level = 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug';

  /** Core events: of a connection, a session or any handle. */
  export interface CoreEvents {
    CONNECTION_CLOSED: 'connection_closed';
    CONNECTION_ERROR: 'connection_error';
    SESSION_DESTROYED: 'session_destroyed';
    HANDLE_DETACHED: 'handle_detached';
    HANDLE_ICE_FAILED: 'handle_ice_failed';
    HANDLE_HANGUP: 'handle_hangup';
    HANDLE_MEDIA: 'handle_media';
    HANDLE_WEBRTCUP: 'handle_webrtcup';
    HANDLE_SLOWLINK: 'handle_slowlink';
    HANDLE_TRICKLE: 'handle_trickle';
  }

  const Janode: {
    connect(config: JanodeConfig): Promise<Connection>;
    /** One logger for the whole process, printing to the console ('info' by default). */
    Logger: { setLevel(level: Level): Level };
    EVENT: CoreEvents;
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { Handle, Jsep, PluginDescriptor } from 'janode';

  export type RoomId = number | string;
  /** A publisher's id in its room (numeric unless Janus runs with string ids). */
  export type FeedId = number | string;

  /** One m-line of a publisher, as Janus lists it to the others. */
  export interface PublishedStream {
    type: 'audio' | 'video' | 'data';
    mindex: number;
    mid: string;
    /** The m-line is inactive (a stopped screen share, say). */
    disabled?: boolean;
    codec?: string;
    description?: string;
  }

  export interface PublisherInfo {
    feed: FeedId;
    display?: string;
    streams?: PublishedStream[];
  }

  /** One m-line of a subscription (multistream). */
  export interface SubscriptionStream {
    type: 'audio' | 'video' | 'data';
    /** false: the m-line is inactive (what it carried is gone). */
    active?: boolean;
    mindex: number;
    mid: string;
    ready?: boolean;
    send?: boolean;
    feed_id?: FeedId;
    feed_mid?: string;
    feed_description?: string;
  }

  /** A stream to subscribe to: all of a feed's, or one of its m-lines. */
  export interface SubscribeStream {
    feed: FeedId;
    mid?: string;
  }

  /** What to drop from a subscription: a feed, a feed's m-line, or one of our own m-lines. */
  export interface UnsubscribeStream {
    feed?: FeedId;
    mid?: string;
    sub_mid?: string;
  }

  export interface StreamDescription {
    mid: string;
    description: string;
  }

  export interface PublisherJoined {
    room: RoomId;
    feed: FeedId;
    private_id: number;
    /** The publishers already sending in the room. */
    publishers: PublisherInfo[];
  }

  export interface Configured {
    configured: 'ok';
    streams?: PublishedStream[];
    jsep?: Jsep;
  }

  export interface Subscribed {
    room: RoomId;
    streams?: SubscriptionStream[];
    jsep?: Jsep;
  }

  /** `updated` (and `updating`): the subscription's new layout, and an offer when it changed. */
  export interface Updated {
    room?: RoomId;
    streams?: SubscriptionStream[];
    jsep?: Jsep;
  }

  export interface PublisherListEvent {
    room: RoomId;
    publishers: PublisherInfo[];
  }

  /** `unpublished`, `leaving`, `kicked`: a feed is gone. */
  export interface FeedEvent {
    room: RoomId;
    feed: FeedId;
  }

  export interface VideoRoomHandle extends Handle {
    create(params: {
      room?: RoomId;
      description?: string;
      secret?: string;
      admin_key?: string;
      is_private?: boolean;
      permanent?: boolean;
      /** Sent as `publishers`: at most this many publish at once. */
      max_publishers?: number;
      audiocodec?: string;
      videocodec?: string;
      notify_joining?: boolean;
    }): Promise<{ room: RoomId; permanent: boolean }>;
    destroy(params: {
      room: RoomId;
      secret?: string;
      permanent?: boolean;
    }): Promise<{ room: RoomId }>;
    exists(params: { room: RoomId }): Promise<{ room: RoomId; exists: boolean }>;
    list(params?: {
      admin_key?: string;
    }): Promise<{ list: { room: RoomId; description: string }[] }>;

    joinPublisher(params: {
      room: RoomId;
      feed?: FeedId;
      display?: string;
      descriptions?: StreamDescription[];
    }): Promise<PublisherJoined>;
    publish(params: { jsep: Jsep; descriptions?: StreamDescription[] }): Promise<Configured>;
    configure(params: {
      jsep?: Jsep;
      descriptions?: StreamDescription[];
      restart?: boolean;
      update?: boolean;
      /** A subscriber's m-lines (its own mids): whether Janus sends each, at which simulcast layer. */
      streams?: { mid: string; send?: boolean; substream?: number }[];
    }): Promise<Configured>;
    unpublish(): Promise<unknown>;
    leave(): Promise<unknown>;

    joinSubscriber(params: {
      room: RoomId;
      streams: SubscribeStream[];
      autoupdate?: boolean;
    }): Promise<Subscribed>;
    start(params: { jsep: Jsep }): Promise<{ started: 'ok' }>;
    update(params: {
      subscribe?: SubscribeStream[];
      unsubscribe?: UnsubscribeStream[];
    }): Promise<Updated>;
  }

  export interface VideoRoomEvents {
    VIDEOROOM_PUB_PEER_JOINED: 'videoroom_publisher_joined';
    VIDEOROOM_PUB_LIST: 'videoroom_publisher_list';
    VIDEOROOM_DESTROYED: 'videoroom_destroyed';
    VIDEOROOM_UNPUBLISHED: 'videoroom_unpublished';
    VIDEOROOM_LEAVING: 'videoroom_leaving';
    VIDEOROOM_KICKED: 'videoroom_kicked';
    VIDEOROOM_UPDATED: 'videoroom_updated';
    VIDEOROOM_ERROR: 'videoroom_error';
  }

  const VideoRoomPlugin: PluginDescriptor<VideoRoomHandle> & { EVENT: VideoRoomEvents };
  export default VideoRoomPlugin;
}
