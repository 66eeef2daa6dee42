/**
 * The HTTP side of the service: security headers on every response, the
 * operator endpoints (/healthz, /readyz, /metrics) and the built web app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import sirv from 'sirv';

/** A readiness check: resolves when ready, throws (with a short reason) when not. */
export type ReadyCheck = () => Promise<void> | void;

export interface HttpOptions {
  /** Directory of the built web app; omitted, only the operator endpoints are served. */
  webRoot?: string;
  metrics: Registry;
  /** Named checks behind /readyz (the signaling service, a shared store when one is used). */
  readyChecks: Record<string, ReadyCheck>;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  /** Served over HTTPS directly: adds Strict-Transport-Security and upgrade-insecure-requests. */
  https: boolean;
  /** Answers a request of its own (returning true) before the web app is tried. */
  extraRoute?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * Only our own scripts, styles, images and connections. React sets `style`
 * props through the CSSOM, which CSP does not restrict, so no 'unsafe-inline'
 * is needed; media arrives as MediaStreams, which are not fetched at all.
 * 'self' in connect-src also covers ws:/wss: to our own host.
 */
export function contentSecurityPolicy(https: boolean) {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      // WebAssembly (background blur, noise suppression) compiles only with this; never unsafe-eval.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      ...(https && { upgradeInsecureRequests: [] }),
    },
  } as const;
}

const PERMISSIONS_POLICY =
  'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()';

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readiness(checks: Record<string, ReadyCheck>) {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, err instanceof Error ? err.message : 'not ready'] as const;
      }
    }),
  );
  return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}

/** A room's URL, `/r/<name>`, as the web app's router reads it. */
const ROOM_PATH = /^\/r\/[^/]+\/?$/;
/**
 * Written by the build next to index.html: the same page plus module preloads
 * of the room chunk, so a room's URL opened directly (an invite link) fetches
 * that chunk alongside the entry instead of after it. The lobby does not.
 */
const ROOM_HTML = 'room.html';

export function createRequestHandler(options: HttpOptions) {
  const headers = helmet({
    contentSecurityPolicy: contentSecurityPolicy(options.https),
    // Only for our own certificate: a proxy in front decides HSTS for its domain.
    strictTransportSecurity: options.https
      ? { maxAge: 15_552_000, includeSubDomains: false }
      : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
  const serveWeb = options.webRoot
    ? sirv(options.webRoot, { single: true, etag: true, gzip: false })
    : undefined;
  const roomHtml = options.webRoot !== undefined && existsSync(join(options.webRoot, ROOM_HTML));

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      send(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      const report = await readiness(options.readyChecks);
      send(res, report.ready ? 200 : 503, report);
    } else if (path === '/metrics') {
      if (options.metricsToken && !tokenMatches(req.headers.authorization, options.metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        send(res, 401, { error: 'unauthorized' });
      } else {
        send(res, 200, await options.metrics.metrics(), options.metrics.contentType);
      }
    } else if (options.extraRoute?.(req, res)) {
      return;
    } else if (serveWeb) {
      if (roomHtml && ROOM_PATH.test(path ?? '')) req.url = `/${ROOM_HTML}`;
      serveWeb(req, res, () => send(res, 404, 'not found', 'text/plain'));
    } else {
      send(res, 404, 'not found', 'text/plain');
    }
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    headers(req, res, () => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      route(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    });
  };
}
