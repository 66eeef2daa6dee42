/**
 * Runtime validation of every client payload. Shapes only; the name rules
 * (which have their own error codes) live in names.ts.
 */
import { z } from 'zod';
import { Limits, Reactions } from './protocol.ts';

// Raw room and display names are bounded loosely here; names.ts decides validity
// so that a too-long name is answered with invalid-room / invalid-name.
const rawName = z.string().max(1024);

export const joinSchema = z.object({
  room: rawName,
  name: rawName,
  password: z.string().max(Limits.maxPasswordLength).optional(),
  resume: z.string().max(Limits.maxResumeTokenLength).optional(),
});

export const leaveSchema = z.object({});

export const iceServersSchema = z.object({}).strict();

const descriptionSchema = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(Limits.maxSdpBytes),
});

const CANDIDATE_BOUNDS = { sdpMid: 64, sdpMLineIndex: 1024, usernameFragment: 256 } as const;

const candidateSchema = z.object({
  candidate: z.string().max(Limits.maxCandidateLength).optional(),
  sdpMid: z.string().max(CANDIDATE_BOUNDS.sdpMid).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(CANDIDATE_BOUNDS.sdpMLineIndex).nullable().optional(),
  usernameFragment: z.string().max(CANDIDATE_BOUNDS.usernameFragment).nullable().optional(),
});

type CandidateFields = z.output<typeof candidateShapes>;

const candidateShapes = z.object({
  candidate: z.string().optional(),
  sdpMid: z.string().nullable().optional(),
  sdpMLineIndex: z.number().nullable().optional(),
  usernameFragment: z.string().nullable().optional(),
});

const withinCandidateBounds = (c: CandidateFields): boolean =>
  (c.candidate === undefined || c.candidate.length <= Limits.maxCandidateLength) &&
  (c.sdpMid == null || c.sdpMid.length <= CANDIDATE_BOUNDS.sdpMid) &&
  (c.sdpMLineIndex == null ||
    (Number.isInteger(c.sdpMLineIndex) &&
      c.sdpMLineIndex >= 0 &&
      c.sdpMLineIndex <= CANDIDATE_BOUNDS.sdpMLineIndex)) &&
  (c.usernameFragment == null || c.usernameFragment.length <= CANDIDATE_BOUNDS.usernameFragment);

/**
 * The candidate of a `signal`, the bulk of all traffic: the same rules as `candidateSchema`, the
 * bounds checked in one refinement rather than one zod check per field (a third of the cost).
 */
const relayedCandidateSchema = candidateShapes.refine(withinCandidateBounds, 'out of bounds');

export const signalSchema = z
  .object({
    to: z.string().min(1).max(64),
    description: descriptionSchema.optional(),
    candidate: relayedCandidateSchema.nullable().optional(),
  })
  .refine((p) => (p.description === undefined) !== (p.candidate === undefined), {
    message: 'exactly one of description and candidate',
  });

export const updateSchema = z.object({
  audio: z.boolean().optional(),
  video: z.boolean().optional(),
  screen: z.boolean().optional(),
  hand: z.boolean().optional(),
});

export const reactSchema = z.object({ emoji: z.enum(Reactions) });

// SFU rooms (signal/sfu/): the server hands these to Janus, so they are held to a little more.

const offerSchema = descriptionSchema.refine((d) => d.type === 'offer', 'must be an offer');
const answerSchema = descriptionSchema.refine((d) => d.type === 'answer', 'must be an answer');

export const sfuPublishSchema = z.object({
  description: offerSchema,
  screenMid: z.string().min(1).max(64).nullable(),
});

export const sfuAnswerSchema = z.object({ description: answerSchema });

/**
 * An ICE candidate line as browsers write it (RFC 8839: foundation, component, transport,
 * priority, address, port, type, extensions), or '' for the end of a generation.
 */
const ICE_CANDIDATE =
  /^(?:a=)?candidate:[!-~]{1,32} \d{1,3} [A-Za-z]{3,8} \d{1,10} [0-9A-Za-z.:-]{1,253} \d{1,5} typ [a-z]{4,5}(?: [!-~]+)*$/;

export const sfuTrickleSchema = z.object({
  target: z.enum(['publisher', 'subscriber']),
  candidate: candidateSchema
    .extend({
      candidate: z
        .string()
        .max(Limits.maxCandidateLength)
        .refine((c) => c === '' || ICE_CANDIDATE.test(c), 'not an ICE candidate'),
    })
    .nullable(),
});

/** `sfu:pause`: PeerIds are the server's own (16 url-safe characters); a room holds at most 50. */
export const sfuPauseSchema = z.object({
  peers: z.array(z.string().max(64)).max(64),
  low: z.array(z.string().max(64)).max(64).optional(),
});

/** `sfu:restart`: nothing to say but the request. */
export const sfuRestartSchema = z.object({}).strict();

export const chatSendSchema = z.object({
  data: z
    .string()
    .min(1)
    .max(Limits.maxChatFrameBytes)
    .refine(
      (data) => Buffer.byteLength(data, 'utf8') <= Limits.maxChatFrameBytes,
      `at most ${Limits.maxChatFrameBytes} bytes`,
    ),
});
