import {
  caseIdSchema,
  caseSearchQuerySchema,
  caseSearchResultSchema,
  globalSearchQuerySchema,
  searchHitOpenedBodySchema,
  searchResultSchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta, okSchema } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { recordSearchHitOpened, searchAllCases, searchCase } from './search.usecases.ts';

export function registerSearchRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/search',
      ...meta(
        'search',
        'Search the OCR text of every case the user may read: words (diacritics folded unless mode=exact, OCR misreadings tolerated) and "quoted phrases" (exact); page-level hits with snippet, bút lục and document',
      ),
      request: { query: globalSearchQuerySchema },
      responses: jsonResponses(searchResultSchema),
    }),
    async (c) =>
      c.json(
        await searchAllCases({
          actor: requireAuth(c).actor,
          query: c.req.valid('query'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/search',
      ...meta(
        'search',
        'Search within one case: hits with the boxes of the matching words (upright-image pixels) for highlighting; audited as a case read',
      ),
      request: {
        params: z.strictObject({ caseId: caseIdSchema }),
        query: caseSearchQuerySchema,
      },
      responses: jsonResponses(caseSearchResultSchema),
    }),
    async (c) =>
      c.json(
        await searchCase({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          query: c.req.valid('query'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/search/opened',
      ...meta(
        'search',
        'Record that a search hit was opened (audited as case.search_hit_opened with the query); the SPA calls it when a hit is clicked',
      ),
      request: {
        params: z.strictObject({ caseId: caseIdSchema }),
        ...jsonBody(searchHitOpenedBodySchema),
      },
      responses: jsonResponses(okSchema),
    }),
    async (c) => {
      const { pageId, q } = c.req.valid('json');
      return c.json(
        await recordSearchHitOpened({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          pageId,
          q,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
