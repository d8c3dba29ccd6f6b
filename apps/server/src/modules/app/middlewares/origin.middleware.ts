import type { MiddlewareHandler } from 'hono';
import { createCrossOriginError } from '../../auth/auth.errors.ts';
import type { AppEnv } from '../server.types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Second line of defence against cross-site request forgery, before the session is even looked up
 * (so it also covers login and setup, which have no CSRF token yet): a state-changing request that a
 * browser marks as cross-site (`Sec-Fetch-Site: cross-site`), or whose `Origin` is not this server,
 * is refused. Requests without these headers (the CLI, scripts) pass: they carry a bearer token or
 * must still present the CSRF token of a cookie session. With `trustProxy` the host the proxy
 * forwarded (`X-Forwarded-Host`) is this server's name.
 */
export function createOriginCheckMiddleware({
  trustProxy,
}: {
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      if (c.req.header('sec-fetch-site') === 'cross-site') {
        throw createCrossOriginError();
      }
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        const host =
          (trustProxy ? c.req.header('x-forwarded-host')?.split(',').at(-1)?.trim() : undefined) ??
          c.req.header('host') ??
          new URL(c.req.url).host;
        let originHost: string | null = null;
        try {
          originHost = origin === 'null' ? null : new URL(origin).host;
        } catch {
          originHost = null;
        }
        if (originHost === null || originHost.toLowerCase() !== host.toLowerCase()) {
          throw createCrossOriginError();
        }
      }
    }
    await next();
  };
}
