import {
  anomalyExplanationBodySchema,
  caseIdSchema,
  digitizationStateSchema,
  digitizationTransitionBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  deleteExplanation,
  explainAnomaly,
  getDigitizationState,
  transitionDigitization,
} from './digitization.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const stateResponse = jsonResponses(z.object({ digitization: digitizationStateSchema }));

export function registerDigitizationRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/digitization',
      ...meta(
        'digitization',
        'The digitization procedure of a case: state, the steps the user may take, the approval checklist, history',
      ),
      request: caseParams,
      responses: stateResponse,
    }),
    async (c) =>
      c.json(
        await getDigitizationState({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/digitization/transitions',
      ...meta(
        'digitization',
        'Take one step of the procedure (received → scanning → processing → awaiting review → reviewed → approved, or back with a reason)',
      ),
      request: { ...caseParams, ...jsonBody(digitizationTransitionBodySchema) },
      responses: stateResponse,
    }),
    async (c) =>
      c.json(
        await transitionDigitization({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/integrity/explanations',
      ...meta(
        'digitization',
        'Explain a bút lục anomaly or a failed page that is not an error, so the approval checklist accepts it',
      ),
      request: { ...caseParams, ...jsonBody(anomalyExplanationBodySchema) },
      responses: stateResponse,
    }),
    async (c) =>
      c.json(
        await explainAnomaly({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/cases/{caseId}/integrity/explanations/{explanationId}',
      ...meta('digitization', 'Withdraw an explanation'),
      request: {
        params: z.strictObject({ caseId: caseIdSchema, explanationId: z.string().min(1).max(64) }),
      },
      responses: stateResponse,
    }),
    async (c) => {
      const { caseId, explanationId } = c.req.valid('param');
      return c.json(
        await deleteExplanation({
          actor: requireAuth(c).actor,
          caseId,
          explanationId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
