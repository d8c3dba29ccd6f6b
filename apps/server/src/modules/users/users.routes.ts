import {
  createUserBodySchema,
  unitIdSchema,
  updateUserBodySchema,
  userIdSchema,
  userSchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createUser, getUser, listUsers, setUserStatus, updateUser } from './users.usecases.ts';

const userResponse = z.object({ user: userSchema });
const userParams = { params: z.strictObject({ userId: userIdSchema }) };

export function registerUsersRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  const usersDeps = { ...deps, passwordHashCost: deps.settings.auth.passwordHashCost };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      ...meta('users', 'Users of a unit, or of every unit the user may see'),
      request: { query: z.strictObject({ unitId: unitIdSchema.optional() }) },
      responses: jsonResponses(z.object({ users: z.array(userSchema) })),
    }),
    async (c) => {
      const { unitId } = c.req.valid('query');
      return c.json(
        await listUsers({
          actor: requireAuth(c).actor,
          ...(unitId ? { unitId } : {}),
          deps: usersDeps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{userId}',
      ...meta('users', 'One user'),
      request: userParams,
      responses: jsonResponses(userResponse),
    }),
    async (c) =>
      c.json(
        await getUser({
          actor: requireAuth(c).actor,
          userId: c.req.valid('param').userId,
          deps: usersDeps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      ...meta('users', 'Create a user (ADMIN / IT_SUPPORT of the unit or above)'),
      request: jsonBody(createUserBodySchema),
      responses: createdResponses(userResponse),
    }),
    async (c) =>
      c.json(
        await createUser({
          actor: requireAuth(c).actor,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps: usersDeps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{userId}',
      ...meta('users', 'Change a user’s name or roles'),
      request: { ...userParams, ...jsonBody(updateUserBodySchema) },
      responses: jsonResponses(userResponse),
    }),
    async (c) =>
      c.json(
        await updateUser({
          actor: requireAuth(c).actor,
          userId: c.req.valid('param').userId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps: usersDeps,
        }),
        200,
      ),
  );

  for (const [action, status] of [
    ['disable', 'DISABLED'],
    ['enable', 'ACTIVE'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/users/{userId}/${action}`,
        ...meta(
          'users',
          action === 'disable' ? 'Disable a user; their sessions end at once' : 'Re-enable a user',
        ),
        request: userParams,
        responses: jsonResponses(userResponse),
      }),
      async (c) =>
        c.json(
          await setUserStatus({
            actor: requireAuth(c).actor,
            userId: c.req.valid('param').userId,
            status,
            context: c.get('context'),
            deps: usersDeps,
          }),
          200,
        ),
    );
  }
}
