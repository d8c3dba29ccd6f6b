import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../server.types.ts';

/** Client IP and user agent for the audit trail and the login throttle. */
export function createRequestContextMiddleware({
  trustProxy,
}: {
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let ip: string | null = null;
    if (trustProxy) {
      ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || null;
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
