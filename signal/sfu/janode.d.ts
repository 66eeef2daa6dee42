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

  export class Handle extends EventEmitter {
    readonly id: number;
    detach(): Promise<void>;
  }

  export class Session extends EventEmitter {
    readonly id: number;
    attach<H extends Handle>(descriptor: PluginDescriptor<H>): Promise<H>;
    destroy(): Promise<void>;
  }

  export class Connection extends EventEmitter {
    /** Creates a Janus session; rejects with "403 Unauthorized…" on a wrong API secret. */
    create(keepAliveSeconds?: number): Promise<Session>;
    close(): Promise<void>;
  }

  type Level = 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug';

  const Janode: {
    connect(config: JanodeConfig): Promise<Connection>;
    /** One logger for the whole process, printing to the console ('info' by default). */
    Logger: { setLevel(level: Level): Level };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { Handle, PluginDescriptor } from 'janode';

  export type RoomId = number | string;

  export interface VideoRoomHandle extends Handle {
    create(params: {
      room?: RoomId;
      description?: string;
      secret?: string;
      admin_key?: string;
      is_private?: boolean;
      permanent?: boolean;
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
  }

  const VideoRoomPlugin: PluginDescriptor<VideoRoomHandle>;
  export default VideoRoomPlugin;
}
