import { randomUUID, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app/server.types.ts';
import type { Logger } from '../shared/logger/logger.ts';
import type { Metrics } from './ops.metrics.ts';
import { checkReadiness, type OpsDeps } from './ops.usecases.ts';

/**
 * `/healthz` (the process is alive), `/readyz` (database reachable, migrations applied, blob store
 * writable: ready to take traffic or jobs) and `/metrics` (Prometheus, restricted). Outside /api
 * on purpose: no session, no audit, cheap enough for a probe every few seconds.
 */
export function registerOpsRoutes({ app, ops }: { app: Hono<AppEnv>; ops: OpsDeps }) {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  let cached: ({ at: number } & Awaited<ReturnType<typeof checkReadiness>>) | null = null;
  app.get('/readyz', async (c) => {
    if (ops.isShuttingDown()) {
      return c.json({ status: 'stopping' }, 503);
    }
    // At most one full check per second, whatever the number of probes.
    if (!cached || Date.now() - cached.at > 1000) {
      cached = { at: Date.now(), ...(await checkReadiness({ deps: ops })) };
    }
    return c.json(
      { status: cached.ok ? 'ready' : 'not_ready', checks: cached.checks },
      cached.ok ? 200 : 503,
    );
  });

  app.get('/metrics', async (c) => {
    if (!ops.metrics) {
      return c.text('metrics disabled', 404);
    }
    if (!metricsAllowed(c, ops.settings)) {
      return c.text('forbidden', 403);
    }
    const { contentType, body } = await ops.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });
}

/** Loopback (or the configured allowlist) by address, or anyone with the bearer token. */
export function metricsAllowed(c: Context<AppEnv>, settings: OpsDeps['settings']): boolean {
  const token = settings.metricsToken;
  const auth = c.req.header('authorization') ?? '';
  if (token && auth.startsWith('Bearer ')) {
    const given = Buffer.from(auth.slice(7));
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      return true;
    }
  }
  const ip = clientIp(c, settings.trustProxy);
  return ip !== null && settings.metricsAllow.includes(ip);
}

function clientIp(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    // The LAST address is the one our proxy saw; earlier ones are whatever the client claimed
    // (an X-Forwarded-For: 127.0.0.1 sent from outside must not open /metrics).
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) {
      return forwarded;
    }
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // app.request() in tests has no socket.
    return null;
  }
}

/**
 * Gives every request an id (the proxy's X-Request-Id when trusted, else a new one), returns it
 * in the `x-request-id` header, writes one structured log line per request and feeds the HTTP
 * latency histogram by route template (`/api/cases/:caseId`, never the raw path).
 */
export function createHttpObserver({
  logger,
  metrics,
  trustProxy,
}: {
  logger: Logger;
  metrics: Metrics | null;
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = trustProxy ? c.req.header('x-request-id') : undefined;
    const requestId =
      incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID().slice(0, 18);
    c.set('requestId', requestId);
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const status = c.res.status;
      c.res.headers.set('x-request-id', requestId);
      // After next(), the route that answered (its template, e.g. /api/cases/:caseId).
      const route = routePath(c) || 'unmatched';
      // The catch-all of the SPA: one label for every client-side route, no cardinality blow-up.
      const label =
        route === '/api/*' ? 'unmatched' : route === '*' || route === '/*' ? 'static' : route;
      metrics?.observeHttp({ method: c.req.method, route: label, status, seconds });
      const fields = {
        reqId: requestId,
        method: c.req.method,
        route: label,
        path: c.req.path,
        status,
        ms: Math.round(seconds * 1000),
      };
      if (status >= 500) {
        logger.warn(fields, 'request');
      } else if (label === 'static' || c.req.path === '/healthz' || c.req.path === '/readyz') {
        logger.debug(fields, 'request');
      } else {
        logger.info(fields, 'request');
      }
    }
  };
}
