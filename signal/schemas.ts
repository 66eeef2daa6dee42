/**
 * Runtime validation of every client payload. Shapes only; the name rules
 * (which have their own error codes) live in names.ts.
 */
import { z } from 'zod';
import { Limits } from './protocol.ts';

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

const descriptionSchema = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(Limits.maxSdpBytes),
});

const candidateSchema = z.object({
  candidate: z.string().max(Limits.maxCandidateLength).optional(),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

export const signalSchema = z
  .object({
    to: z.string().min(1).max(64),
    description: descriptionSchema.optional(),
    candidate: candidateSchema.nullable().optional(),
  })
  .refine((p) => (p.description === undefined) !== (p.candidate === undefined), {
    message: 'exactly one of description and candidate',
  });

export const updateSchema = z.object({
  audio: z.boolean().optional(),
  video: z.boolean().optional(),
  screen: z.boolean().optional(),
});
