/**
 * Prometheus metrics of one signaling server. Each server has its own
 * registry (tests run several in one process); counts never carry names,
 * rooms or addresses, only codes and kinds.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  sockets: () => number;
  rooms: () => Promise<number>;
  /** SFU rooms and members publishing in them, when an SFU is configured. */
  sfu?: (() => SfuCounts) | undefined;
}

/** SFU load in all, and per Janus instance (by its position in SFU_URL). */
export interface SfuCounts {
  rooms: number;
  publishers: number;
  instances: { janus: number; up: boolean; rooms: number; publishers: number }[];
}

type SfuInstance = SfuCounts['instances'][number];

export type RelayKind = 'candidate' | 'description' | 'chat';

export interface SignalMetrics {
  registry: Registry;
  joins: Counter;
  /**
   * Counts a relayed message. Kept in plain numbers and handed to the counter when it is read
   * (prom-client's `collect`): the relay is the hot path, and a labelled `inc` hashes its labels.
   */
  relayed(kind: RelayKind): void;
  /** Refused messages and connections, by error code (or reason for closed connections). */
  refusals: Counter<'code'>;
}

export function createMetrics(sources: MetricSources, registry = new Registry()): SignalMetrics {
  // Process metrics, including nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'room_call_sockets',
    help: 'Open signaling connections',
    registers: [registry],
    collect() {
      this.set(sources.sockets());
    },
  });
  new Gauge({
    name: 'room_call_rooms',
    help: 'Rooms with at least one participant',
    registers: [registry],
    async collect() {
      this.set(await sources.rooms());
    },
  });
  const { sfu } = sources;
  if (sfu) {
    new Gauge({
      name: 'room_call_sfu_rooms',
      help: 'Rooms whose media goes through the SFU (a Janus videoroom each)',
      registers: [registry],
      collect() {
        this.set(sfu().rooms);
      },
    });
    new Gauge({
      name: 'room_call_sfu_publishers',
      help: 'Participants of SFU rooms publishing media to the SFU',
      registers: [registry],
      collect() {
        this.set(sfu().publishers);
      },
    });
    // Per Janus instance, labelled by its position in SFU_URL (never its URL or secret).
    const perInstance = (name: string, help: string, value: (i: SfuInstance) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['janus'],
        registers: [registry],
        collect() {
          for (const instance of sfu().instances) {
            this.set({ janus: String(instance.janus) }, value(instance));
          }
        },
      });
    perInstance(
      'room_call_sfu_janus_up',
      'Whether the signaling server is connected to this Janus instance (1) or not (0)',
      (i) => (i.up ? 1 : 0),
    );
    perInstance(
      'room_call_sfu_janus_rooms',
      'SFU rooms placed on this Janus instance',
      (i) => i.rooms,
    );
    perInstance(
      'room_call_sfu_janus_publishers',
      'Participants publishing media to this Janus instance',
      (i) => i.publishers,
    );
  }
  const pending: Record<RelayKind, number> = { candidate: 0, description: 0, chat: 0 };
  new Counter({
    name: 'room_call_relays_total',
    help: 'Signals relayed to a peer (and chat frames in SFU rooms), by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const kind of Object.keys(pending) as RelayKind[]) {
        if (pending[kind] > 0) this.inc({ kind }, pending[kind]);
        pending[kind] = 0;
      }
    },
  });
  return {
    registry,
    joins: new Counter({
      name: 'room_call_joins_total',
      help: 'Successful joins (including resumes)',
      registers: [registry],
    }),
    relayed(kind) {
      pending[kind] += 1;
    },
    refusals: new Counter({
      name: 'room_call_refusals_total',
      help: 'Refused messages and connections, by code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}
