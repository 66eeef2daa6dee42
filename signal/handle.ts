/**
 * How client messages reach the handlers. Handlers are registered once per server, not per
 * connection: a connection carries one gate (a Socket.IO middleware) that refuses unknown
 * events, counts the message rate, validates the payload against the event's schema and runs
 * its handler, so an idle connection keeps one small closure instead of a listener and its
 * closures per event.
 */
import type { z } from 'zod';
import type {
  Ack,
  IceServersResult,
  JoinResult,
  SfuPublishResult,
  UpdateResult,
} from './protocol.ts';
import { ErrorCode } from './protocol.ts';
import type { ClientEvent } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { HandlerContext, SignalSocket } from './context.ts';
import { MessageRate } from './rateLimits.ts';

export type Reply =
  Ack | Ack<JoinResult> | Ack<SfuPublishResult> | Ack<UpdateResult> | Ack<IceServersResult>;
type Acknowledge = (reply: Reply) => void;

/**
 * A handler answers with its reply, or a promise of it when it has to wait; a refusal is a
 * thrown (or rejected) SignalError. The relay answers at once, and is spared a round of promise
 * jobs per message.
 */
export type Handler<S extends z.ZodType> = (
  socket: SignalSocket,
  payload: z.output<S>,
) => Promise<Reply> | Reply;

/** Registers the handler of one client event, with the schema its payload must satisfy. */
export type On = <S extends z.ZodType>(event: ClientEvent, schema: S, handler: Handler<S>) => void;

interface Route {
  event: string;
  schema: z.ZodType;
  handler: Handler<z.ZodType>;
}

export interface Dispatch {
  on: On;
  /** Puts the gate on a new connection. */
  attach(socket: SignalSocket): void;
}

export function createDispatch(ctx: HandlerContext): Dispatch {
  const routes = new Map<string, Route>();

  const refuse = (ack: Acknowledge | undefined, err: unknown, event: string) => {
    if (err instanceof SignalError) {
      ctx.metrics.refusals.inc({ code: err.code });
      ctx.log.debug({ event, code: err.code }, 'refused');
      ack?.(err.toAck());
      return;
    }
    ctx.log.error({ event, err }, 'handler failed');
    ack?.(
      new SignalError(
        ErrorCode.InvalidPayload,
        'the server could not process this message',
      ).toAck(),
    );
  };

  /** Validates, runs the handler, and always answers through the ack (when one was given). */
  const run = (socket: SignalSocket, route: Route, payload: unknown, ack?: Acknowledge) => {
    const parsed = route.schema.safeParse(payload);
    if (!parsed.success) {
      refuse(
        ack,
        new SignalError(ErrorCode.InvalidPayload, `invalid ${route.event} payload`),
        route.event,
      );
      return;
    }
    let reply: Promise<Reply> | Reply;
    try {
      reply = route.handler(socket, parsed.data);
    } catch (err) {
      refuse(ack, err, route.event);
      return;
    }
    if (reply instanceof Promise) {
      reply.then(
        (res) => ack?.(res),
        (err: unknown) => refuse(ack, err, route.event),
      );
    } else {
      ack?.(reply);
    }
  };

  return {
    on(event, schema, handler) {
      routes.set(event, { event, schema, handler });
    },
    attach(socket) {
      const rate = new MessageRate(ctx.limits.settings);
      // Incoming arguments are untrusted: any count, any types, the ack maybe missing. Nothing
      // goes on to Socket.IO's own event dispatch (`next` is never called): every message is
      // answered here, and nothing a client sends can throw out of here.
      socket.use((packet) => {
        const args = packet as unknown[];
        const last = args.at(-1);
        const ack =
          args.length > 1 && typeof last === 'function' ? (last as Acknowledge) : undefined;
        const event = args[0];
        const route = typeof event === 'string' ? routes.get(event) : undefined;
        if (!route) {
          refuse(ack, new SignalError(ErrorCode.InvalidPayload, 'unknown event'), '');
        } else if (!rate.take(Date.now())) {
          refuse(ack, new SignalError(ErrorCode.RateLimited, 'too many messages, slow down'), '');
        } else {
          // The payload is the first argument; an ack in its place leaves it undefined.
          run(socket, route, args.length > 1 && args[1] !== ack ? args[1] : undefined, ack);
        }
      });
    },
  };
}
