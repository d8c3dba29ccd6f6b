import { createUnitBodySchema, unitIdSchema, unitSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createUnit, getUnit, listVisibleUnits } from './units.usecases.ts';

export function registerUnitsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/units',
      ...meta('units', 'Units the user can see (own subtree and the chain above)'),
      responses: jsonResponses(z.object({ units: z.array(unitSchema) })),
    }),
    async (c) => c.json(await listVisibleUnits({ actor: requireAuth(c).actor, deps }), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/units/{unitId}',
      ...meta('units', 'One unit'),
      request: { params: z.strictObject({ unitId: unitIdSchema }) },
      responses: jsonResponses(z.object({ unit: unitSchema })),
    }),
    async (c) =>
      c.json(
        await getUnit({ actor: requireAuth(c).actor, unitId: c.req.valid('param').unitId, deps }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/units',
      ...meta('units', 'Create a child unit (ADMIN of the parent or above)'),
      request: jsonBody(createUnitBodySchema),
      responses: createdResponses(z.object({ unit: unitSchema })),
    }),
    async (c) => {
      const result = await createUnit({
        actor: requireAuth(c).actor,
        body: c.req.valid('json'),
        context: c.get('context'),
        deps,
      });
      return c.json(result, 201);
    },
  );
}
