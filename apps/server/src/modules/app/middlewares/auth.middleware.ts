import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { actorOf, resolveSession } from '../../auth/auth.usecases.ts';
import { createAuthRequiredError, createCsrfFailedError } from '../../auth/auth.errors.ts';
import { stripSecret } from '../../users/users.models.ts';
import type { AppEnv, AuthState, ServerDependencies } from '../server.types.ts';

export const SESSION_COOKIE = 'sohoa_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenFrom(c: Context): { token: string; viaCookie: boolean } | null {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) {
    return { token: header.slice(7).trim(), viaCookie: false };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, viaCookie: true } : null;
}

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Resolves the session (if any) on every request and enforces CSRF on cookie-authenticated writes. */
export function createSessionMiddleware({
  deps,
}: {
  deps: ServerDependencies;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('auth', null);
    const presented = tokenFrom(c);
    if (presented) {
      const { session } = await resolveSession({
        token: presented.token,
        ...deps,
        settings: deps.settings.auth,
      });
      if (session) {
        const auth: AuthState = {
          actor: actorOf(session.user),
          user: stripSecret(session.user),
          sessionId: session.sessionId,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
          viaCookie: presented.viaCookie,
        };
        if (auth.viaCookie && !SAFE_METHODS.has(c.req.method)) {
          const sent = c.req.header('x-csrf-token') ?? '';
          if (!sameSecret(sent, auth.csrfToken)) {
            throw createCsrfFailedError();
          }
        }
        c.set('auth', auth);
      }
    }
    await next();
  };
}

/** The authenticated state, or `auth.required`. Used by every protected handler. */
export function requireAuth(c: Context<AppEnv>): AuthState {
  const auth = c.get('auth');
  if (!auth) {
    throw createAuthRequiredError();
  }
  return auth;
}

/**
 * The API routes anyone may call without a session. Everything else under /api is private by
 * default: a route added later is refused to anonymous callers even if its handler forgot
 * `requireAuth`, and before its body is validated (so an anonymous caller learns nothing from 400s).
 */
export const PUBLIC_API_ROUTES: ReadonlyArray<{ method: string; path: string }> = [
  { method: 'POST', path: '/api/auth/login' },
  // First-run status and the one-time setup (refused with setup.already_done afterwards).
  { method: 'GET', path: '/api/setup' },
  { method: 'POST', path: '/api/setup' },
  { method: 'GET', path: '/api/health' },
  // The API description holds no data; the CLI and integrators read it before logging in.
  { method: 'GET', path: '/api/openapi.json' },
];

export function isPublicApiRoute({ method, path }: { method: string; path: string }): boolean {
  const m = method === 'HEAD' ? 'GET' : method;
  return PUBLIC_API_ROUTES.some((r) => r.method === m && r.path === path);
}

/** Refuses anonymous calls to every non-public API route (runs after the session middleware). */
export function createAuthGateMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('auth') && !isPublicApiRoute({ method: c.req.method, path: c.req.path })) {
      throw createAuthRequiredError();
    }
    await next();
  };
}
