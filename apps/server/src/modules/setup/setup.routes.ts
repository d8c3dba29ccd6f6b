import { setupBodySchema, setupStatusSchema, unitSchema, userSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { completeSetup, getSetupStatus } from './setup.usecases.ts';

export function registerSetupRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/setup',
      ...meta('setup', 'Whether first-run setup is still needed'),
      responses: jsonResponses(setupStatusSchema),
    }),
    async (c) => c.json(await getSetupStatus(deps), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/setup',
      ...meta('setup', 'First run: create the root unit and its administrator'),
      request: jsonBody(setupBodySchema),
      responses: createdResponses(z.object({ unit: unitSchema, user: userSchema })),
    }),
    async (c) => {
      const result = await completeSetup({
        body: c.req.valid('json'),
        context: c.get('context'),
        passwordHashCost: deps.settings.auth.passwordHashCost,
        ...deps,
      });
      return c.json(result, 201);
    },
  );
}
