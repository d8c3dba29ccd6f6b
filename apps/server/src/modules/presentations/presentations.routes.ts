import { upgradeWebSocket } from '@hono/node-server';
import {
  caseIdSchema,
  normalizeJoinCode,
  presentationCommandSchema,
  presentationSessionSchema,
  type PresentationMessage,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createPresentationNotFoundError } from './presentations.errors.ts';
import {
  endPresentation,
  joinPresentation,
  pushPresentationCommand,
  startPresentation,
} from './presentations.usecases.ts';

const stateSchema = z.record(z.string(), z.unknown());
const sessionResponse = z.object({ presentation: presentationSessionSchema, state: stateSchema });
const presentationParams = {
  params: z.strictObject({ presentationId: z.string().regex(/^prs_[0-9a-z]{10,40}$/) }),
};

/*
 * Presenter commands travel over HTTP (authenticated, CSRF-checked, validated like every write);
 * the socket only pushes states to screens (CONVENTIONS.md §17). On loopback a POST plus a push
 * stays far below the 100 ms target (npm run bench:present).
 */
export function registerPresentationsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/presentations',
      ...meta(
        'presentations',
        'Open a presentation session (the caller presents); returns its join code',
      ),
      request: { params: z.strictObject({ caseId: caseIdSchema }) },
      responses: createdResponses(sessionResponse),
    }),
    async (c) =>
      c.json(
        await startPresentation({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/presentations/join',
      ...meta('presentations', 'Join a session by its code (audited); returns the current state'),
      request: jsonBody(z.strictObject({ code: z.string().max(20) })),
      responses: jsonResponses(sessionResponse),
    }),
    async (c) => {
      const code = normalizeJoinCode(c.req.valid('json').code);
      if (!code) {
        throw createPresentationNotFoundError();
      }
      return c.json(
        await joinPresentation({
          actor: requireAuth(c).actor,
          code,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/presentations/{presentationId}/commands',
      ...meta(
        'presentations',
        'Push one presenter command (show, black screen, callout, highlight)',
      ),
      request: { ...presentationParams, ...jsonBody(presentationCommandSchema) },
      responses: jsonResponses(z.object({ state: stateSchema })),
    }),
    async (c) =>
      c.json(
        await pushPresentationCommand({
          actor: requireAuth(c).actor,
          presentationId: c.req.valid('param').presentationId,
          command: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/presentations/{presentationId}',
      ...meta('presentations', 'End a session: audience screens are told and disconnected'),
      request: presentationParams,
      responses: jsonResponses(z.object({ ended: z.boolean() })),
    }),
    async (c) =>
      c.json(
        await endPresentation({
          actor: requireAuth(c).actor,
          presentationId: c.req.valid('param').presentationId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  // The audience socket. The join (authorisation + audit) runs before the upgrade, so a refused
  // screen gets an ordinary JSON error response instead of a socket.
  const joined = new WeakMap<Request, string>();
  app.get(
    '/api/presentations/by-code/:code/socket',
    async (c, next) => {
      const code = normalizeJoinCode(c.req.param('code'));
      if (!code) {
        throw createPresentationNotFoundError();
      }
      const { presentation } = await joinPresentation({
        actor: requireAuth(c).actor,
        code,
        context: c.get('context'),
        deps,
      });
      joined.set(c.req.raw, presentation.id);
      await next();
    },
    upgradeWebSocket((c) => {
      const id = joined.get(c.req.raw) ?? '';
      let unsubscribe = () => {};
      return {
        onOpen(_event, ws) {
          ({ unsubscribe } = deps.presentations.subscribe({
            id,
            listener: (message: PresentationMessage) => {
              ws.send(JSON.stringify(message));
              if (message.type === 'ended') {
                ws.close(1000, 'ended');
              }
            },
          }));
        },
        onClose() {
          unsubscribe();
        },
      };
    }),
  );
}
