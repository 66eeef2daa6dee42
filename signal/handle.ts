import type { z } from 'zod';
import type { Ack, JoinResult, SfuPublishResult } from './protocol.ts';
import { ClientEvent, ErrorCode } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { HandlerContext, SignalSocket } from './context.ts';

type Reply = Ack | Ack<JoinResult> | Ack<SfuPublishResult>;
type Acknowledge = (reply: Reply) => void;

/** Incoming arguments are untrusted: any count, any types, the ack maybe missing. */
interface UntypedListener {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

const knownEvents = new Set<string>(Object.values(ClientEvent));

const ackOf = (args: unknown[]): Acknowledge | undefined => {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as Acknowledge) : undefined;
};

/**
 * The gate every client message passes before any handler: unknown events are
 * refused, and each connection's message rate is limited (a burst such as
 * trickle ICE passes; a flood is answered `rate-limited` and goes nowhere).
 */
export function gateMessages(ctx: HandlerContext, socket: SignalSocket): void {
  const refuse = (args: unknown[], code: ErrorCode, message: string) => {
    ctx.metrics.refusals.inc({ code });
    ackOf(args)?.(new SignalError(code, message).toAck());
  };
  socket.use((packet, next) => {
    const args = packet as unknown[];
    const event = args[0];
    if (typeof event !== 'string' || !knownEvents.has(event)) {
      refuse(args.slice(1), ErrorCode.InvalidPayload, 'unknown event');
      return;
    }
    ctx.limits.message(socket.id).then(
      (ok) => {
        if (ok) next();
        else refuse(args.slice(1), ErrorCode.RateLimited, 'too many messages, slow down');
      },
      (err: unknown) => {
        ctx.log.error({ err }, 'rate limiter failed');
        refuse(args.slice(1), ErrorCode.RateLimited, 'the server is busy, try again');
      },
    );
  });
}

/**
 * Registers a client event: validates the payload against `schema`, runs the
 * handler, and always answers through the ack (when one was given), turning
 * refusals into `{ ok: false, error }`. Nothing a client sends can throw out of here.
 */
export function handle<S extends z.ZodType>(
  ctx: HandlerContext,
  socket: SignalSocket,
  event: ClientEvent,
  schema: S,
  handler: (payload: z.output<S>) => Promise<Reply> | Reply,
): void {
  (socket as unknown as UntypedListener).on(event, (...args: unknown[]) => {
    const ack = ackOf(args);
    if (ack) args.pop();
    const parsed = schema.safeParse(args[0]);
    // Through a promise, so that a handler that throws at once is answered like one that rejects.
    const reply = parsed.success
      ? Promise.resolve().then(() => handler(parsed.data))
      : Promise.reject(new SignalError(ErrorCode.InvalidPayload, `invalid ${event} payload`));
    reply.then(
      (res) => ack?.(res),
      (err: unknown) => {
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
      },
    );
  });
}
