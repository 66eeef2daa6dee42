import type { z } from 'zod';
import type { Ack, ClientEvent, JoinResult } from './protocol.ts';
import { ErrorCode } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { HandlerContext, SignalSocket } from './context.ts';

type Reply = Ack | Ack<JoinResult>;
type Acknowledge = (reply: Reply) => void;

/** Incoming arguments are untrusted: any count, any types, the ack maybe missing. */
interface UntypedListener {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
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
  handler: (payload: z.output<S>) => Promise<Reply>,
): void {
  (socket as unknown as UntypedListener).on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack: Acknowledge | undefined =
      typeof last === 'function' ? (last as Acknowledge) : undefined;
    if (ack) args.pop();
    const parsed = schema.safeParse(args[0]);
    const reply = parsed.success
      ? handler(parsed.data)
      : Promise.reject(new SignalError(ErrorCode.InvalidPayload, `invalid ${event} payload`));
    reply.then(
      (res) => ack?.(res),
      (err: unknown) => {
        if (err instanceof SignalError) {
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
