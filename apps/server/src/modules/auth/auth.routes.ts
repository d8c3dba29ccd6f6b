import { createRoute } from '@hono/zod-openapi';
import {
  changePasswordBodySchema,
  loginBodySchema,
  loginResponseSchema,
  sessionSchema,
} from '@sohoa/contracts';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { requireAuth, SESSION_COOKIE } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta, okSchema } from '../app/routes.helpers.ts';
import type { App, AppEnv, ServerDependencies } from '../app/server.types.ts';
import { stripSecret } from '../users/users.models.ts';
import { changePassword, login, logout } from './auth.usecases.ts';

function isSecureRequest(c: Context<AppEnv>, deps: ServerDependencies): boolean {
  const mode = deps.settings.auth.cookieSecure;
  if (mode !== 'auto') {
    return mode === 'true';
  }
  const forwarded = deps.settings.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
  return (forwarded ?? new URL(c.req.url).protocol.replace(':', '')) === 'https';
}

export function registerAuthRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      ...meta('auth', 'Log in; sets the HttpOnly session cookie and returns a bearer token'),
      request: jsonBody(loginBodySchema),
      responses: jsonResponses(loginResponseSchema),
    }),
    async (c) => {
      const { username, password, bearer } = c.req.valid('json');
      const result = await login({
        username,
        password,
        context: c.get('context'),
        ...deps,
        settings: deps.settings.auth,
      });
      setCookie(c, SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: isSecureRequest(c, deps),
        path: '/',
        expires: result.expiresAt,
      });
      const { unit } = await deps.unitsRepository.getById({ unitId: result.user.unitId });
      return c.json(
        {
          user: stripSecret(result.user),
          unit: unit!,
          csrfToken: result.csrfToken,
          expiresAt: result.expiresAt.toISOString(),
          ...(bearer ? { token: result.token } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      ...meta('auth', 'End the current session'),
      responses: jsonResponses(okSchema),
    }),
    async (c) => {
      const auth = requireAuth(c);
      await logout({
        sessionId: auth.sessionId,
        actor: auth.actor,
        context: c.get('context'),
        ...deps,
      });
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      ...meta('auth', 'The logged-in user, their unit and the CSRF token'),
      responses: jsonResponses(sessionSchema),
    }),
    async (c) => {
      const auth = requireAuth(c);
      const { unit } = await deps.unitsRepository.getById({ unitId: auth.user.unitId });
      return c.json(
        {
          user: auth.user,
          unit: unit!,
          csrfToken: auth.csrfToken,
          expiresAt: auth.expiresAt.toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password',
      ...meta('auth', 'Change one’s own password (ends every session)'),
      request: jsonBody(changePasswordBodySchema),
      responses: jsonResponses(okSchema),
    }),
    async (c) => {
      const auth = requireAuth(c);
      const body = c.req.valid('json');
      await changePassword({
        actor: auth.actor,
        ...body,
        context: c.get('context'),
        ...deps,
        settings: deps.settings.auth,
      });
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  );
}
