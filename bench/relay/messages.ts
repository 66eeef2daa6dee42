/** What the benchmark's child processes and the orchestrator say to each other over IPC. */

/** room-call's server, or a baseline: stock Socket.IO (same events) or a bare `ws` relay. */
export type ServerKind = 'room-call' | 'stock-socket.io' | 'raw-ws';

/** What a server child runs: a relay above, or room-call under figure 5's hostile limits. */
export type ServerProcessKind = ServerKind | 'hostile';

/** From a relay server child. */
export type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'heap'; bytes: number }
  | { type: 'open'; connections: number };

/** To a relay server child. */
export type ServerCommand = { type: 'heap' } | { type: 'open' } | { type: 'stop' };

export interface LoadSpec {
  kind: ServerKind;
  /** Pair members alternate over these URLs: with two, every relay crosses nodes. */
  urls: string[];
  pairs: number;
  mode:
    | { type: 'saturate'; window: number; warmupMs: number; measureMs: number }
    | { type: 'pingpong'; pingsPerSecond: number; warmupMs: number; measureMs: number }
    | { type: 'idle' };
}

/** From a load generator child. */
export type LoadMessage =
  | { type: 'ready' }
  | { type: 'measure-start' }
  | { type: 'measure-end'; relayed: number; rttsMs: number[] }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** To a load generator child. */
export type LoadCommand = { type: 'run'; spec: LoadSpec } | { type: 'close' } | { type: 'stop' };

/** A typical trickled ICE candidate: the bulk of real signaling traffic. */
export const CANDIDATE = {
  candidate:
    'candidate:842163049 1 udp 1677729535 192.0.2.10 50122 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag k2Xq network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'k2Xq',
};
