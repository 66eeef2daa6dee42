/**
 * Configuration, read once from the environment and validated: a bad value
 * stops the start with a message naming the variable.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['0', '1', 'false', 'true']).transform((v) => v === '1' || v === 'true');
const origin = z.string().refine((o) => URL.canParse(o) && new URL(o).origin === o, {
  message: 'must be an origin such as https://call.example.org (scheme, host, optional port)',
});

/** A list in one variable: URLs separated by commas or spaces. */
const urlList = (schemes: readonly string[]) =>
  z
    .string()
    .default('')
    .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
    .check((ctx) => {
      const bad = ctx.value.find((u) => !schemes.some((s) => u.startsWith(`${s}:`)));
      if (bad !== undefined)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `"${bad}" does not start with ${schemes.map((s) => `${s}:`).join(' or ')}`,
        });
    });

const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Participants per room; above 8 (a full mesh's limit) only for SFU rooms. */
  MAX_PEERS: int(2, 50).default(4),
  GRACE_MS: int(0, 300_000).default(10_000),
  RESUME_SECRET: z.string().min(16).optional(),
  RESUME_SECRET_FILE: z.string().min(1).default('.room-call-secret'),
  /** Set to share rooms with other nodes through Redis (redis:// or rediss://). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Media through a Janus SFU: see docs/scaling.md.
  SFU_URL: urlList(['ws', 'wss']),
  SFU_SECRET: z.string().min(1).optional(),
  SFU_ADMIN_KEY: z.string().min(1).optional(),
  /** With SFU_URL: the largest mesh room; 0 makes every room an SFU room. */
  MESH_MAX: int(0, 8).default(4),

  // Exposure to the open internet: see docs/operations.md.
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin))
    .default([]),
  TRUST_PROXY: flag.default(false),
  MAX_SOCKETS_PER_IP: int(1, 100_000).default(50),
  JOINS_PER_IP_PER_MINUTE: int(1, 100_000).default(60),
  MESSAGES_PER_SECOND: int(1, 100_000).default(20),
  MESSAGE_BURST: int(0, 1_000_000).default(200),
  UNJOINED_TIMEOUT_MS: int(1000, 3_600_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: int(100, 60_000).default(4000),
  METRICS_TOKEN: z.string().min(16).optional(),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  HTTPS: z.enum(['off', 'self-signed']).default('off'),
  SELF_SIGNED_CERT_FILE: z.string().min(1).default('.room-call-cert.pem'),

  // NAT traversal: see docs/deploy.md.
  STUN_URLS: urlList(['stun', 'stuns']),
  TURN_URLS: urlList(['turn', 'turns']),
  TURN_SECRET: z.string().min(16).optional(),
  // Seconds; zero or less hands out credentials that are already expired (only for tests).
  TURN_TTL: int(-86_400, 7 * 86_400).default(3600),
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
});

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.superRefine(checkIce).superRefine(checkSfu).safeParse(present);
  if (parsed.success) {
    const { TLS_CERT, TLS_KEY } = parsed.data;
    if ((TLS_CERT === undefined) !== (TLS_KEY === undefined)) {
      const missing = TLS_CERT === undefined ? 'TLS_CERT' : 'TLS_KEY';
      const given = missing === 'TLS_KEY' ? 'TLS_CERT' : 'TLS_KEY';
      throw new ConfigError(`invalid configuration:\n  ${missing}: required when ${given} is set`);
    }
    return parsed.data;
  }
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** TURN needs its secret and the reverse; relay-only calls need a TURN server. */
function checkIce(c: Config, ctx: z.RefinementCtx): void {
  if (c.TURN_URLS.length > 0 && c.TURN_SECRET === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['TURN_SECRET'],
      message: 'required when TURN_URLS is set',
    });
  if (c.TURN_SECRET !== undefined && c.TURN_URLS.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['TURN_URLS'],
      message: 'required when TURN_SECRET is set',
    });
  if (c.ICE_TRANSPORT_POLICY === 'relay' && c.TURN_URLS.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['ICE_TRANSPORT_POLICY'],
      message: 'relay needs a TURN server: set TURN_URLS and TURN_SECRET',
    });
}

/** SFU settings need SFU_URL, whose instances are distinct; large rooms need the SFU; one node. */
function checkSfu(c: Config, ctx: z.RefinementCtx): void {
  const sfu = c.SFU_URL.length > 0;
  if (!sfu && c.MAX_PEERS > 8)
    ctx.addIssue({
      code: 'custom',
      path: ['MAX_PEERS'],
      message: 'above 8 needs SFU_URL (a mesh room, peer to peer, holds at most 8)',
    });
  for (const name of ['SFU_SECRET', 'SFU_ADMIN_KEY'] as const) {
    if (!sfu && c[name] !== undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: 'set only with SFU_URL' });
  }
  // Each URL is an instance that rooms are spread over: one listed twice would count twice.
  const twice = c.SFU_URL.find((url, i) => c.SFU_URL.indexOf(url) !== i);
  if (twice !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['SFU_URL'],
      message: `lists one Janus twice (URL #${c.SFU_URL.indexOf(twice)})`,
    });
}
