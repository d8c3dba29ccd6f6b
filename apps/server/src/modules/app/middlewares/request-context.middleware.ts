import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../server.types.ts';

/**
 * The client address as the trusted reverse proxy saw it: the LAST `X-Forwarded-For` entry, the
 * one the proxy appended. Earlier entries are whatever the client sent and can be forged, so they
 * are never used (a forged first entry would otherwise dodge the login throttle and lie in the audit).
 */
export function forwardedClientIp({ header }: { header: string | undefined }): string | null {
  return header?.split(',').at(-1)?.trim() || null;
}

/** Client IP and user agent for the audit trail and the login throttle. */
export function createRequestContextMiddleware({
  trustProxy,
}: {
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let ip: string | null = null;
    if (trustProxy) {
      ip = forwardedClientIp({ header: c.req.header('x-forwarded-for') });
    }
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address ?? null;
      } catch {
        // app.request() in tests has no socket.
        ip = null;
      }
    }
    c.set('context', { ip, userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null });
    await next();
  };
}
