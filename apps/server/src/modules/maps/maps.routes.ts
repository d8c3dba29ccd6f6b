import {
  caseIdSchema,
  caseMapSchema,
  caseMapSummarySchema,
  createMapBodySchema,
  draftMapBodySchema,
  mapExportFormatSchema,
  mapIdSchema,
  mapImportFormatSchema,
  updateMapBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { contentDisposition } from '../case-index/case-index.usecases.ts';
import {
  createDraftMap,
  createMap,
  deleteMap,
  exportMap,
  getMap,
  importMap,
  listMaps,
  updateMap,
} from './maps.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const mapParams = { params: z.strictObject({ caseId: caseIdSchema, mapId: mapIdSchema }) };
const mapResponse = z.object({ map: caseMapSchema });

/** Where links of exported files point: this server as the client reached it. */
const baseUrlOf = (url: string) => new URL(url).origin;

export function registerMapsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/maps',
      ...meta('maps', 'Mind maps of a case (sơ đồ hóa), newest change first'),
      request: caseParams,
      responses: jsonResponses(z.object({ maps: z.array(caseMapSummarySchema) })),
    }),
    async (c) =>
      c.json(
        await listMaps({
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
      path: '/api/cases/{caseId}/maps',
      ...meta('maps', 'Create a mind map (empty: just a root; or with a document)'),
      request: { ...caseParams, ...jsonBody(createMapBodySchema) },
      responses: createdResponses(mapResponse),
    }),
    async (c) =>
      c.json(
        await createMap({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/maps/draft',
      ...meta(
        'maps',
        'Auto-draft a mind map from the case structure (accused, victims, evidence, procedure … or parties, claims, evidence), every leaf linked to its pages',
      ),
      request: { ...caseParams, ...jsonBody(draftMapBodySchema) },
      responses: createdResponses(mapResponse),
    }),
    async (c) =>
      c.json(
        await createDraftMap({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          title: c.req.valid('json').title,
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/maps/import',
      ...meta(
        'maps',
        'Import an XMind (.xmind), FreeMind (.mm) or OPML file as a new map (raw body)',
      ),
      request: { ...caseParams, query: z.strictObject({ format: mapImportFormatSchema }) },
      responses: createdResponses(mapResponse),
    }),
    async (c) =>
      c.json(
        await importMap({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          format: c.req.valid('query').format,
          bytes: new Uint8Array(await c.req.arrayBuffer()),
          baseUrl: baseUrlOf(c.req.url),
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/maps/{mapId}',
      ...meta('maps', 'A mind map with its nodes and version'),
      request: mapParams,
      responses: jsonResponses(mapResponse),
    }),
    async (c) => {
      const { caseId, mapId } = c.req.valid('param');
      return c.json(
        await getMap({
          actor: requireAuth(c).actor,
          caseId,
          mapId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/cases/{caseId}/maps/{mapId}',
      ...meta(
        'maps',
        'Save a mind map (title and/or nodes); `version` must be the one read, else 409 map.version_conflict',
      ),
      request: { ...mapParams, ...jsonBody(updateMapBodySchema) },
      responses: jsonResponses(mapResponse),
    }),
    async (c) => {
      const { caseId, mapId } = c.req.valid('param');
      return c.json(
        await updateMap({
          actor: requireAuth(c).actor,
          caseId,
          mapId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/cases/{caseId}/maps/{mapId}',
      ...meta('maps', 'Delete a mind map'),
      request: mapParams,
      responses: jsonResponses(z.object({ deleted: z.boolean() })),
    }),
    async (c) => {
      const { caseId, mapId } = c.req.valid('param');
      return c.json(
        await deleteMap({
          actor: requireAuth(c).actor,
          caseId,
          mapId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  const { 200: _json, ...errors } = jsonResponses(z.object({}));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/maps/{mapId}/export',
      ...meta('maps', 'Download a mind map as XMind, FreeMind, OPML, SVG, PNG or PDF (audited)'),
      request: { ...mapParams, query: z.strictObject({ format: mapExportFormatSchema }) },
      responses: {
        200: {
          description: 'The map file (Content-Disposition: attachment)',
          content: {
            'application/octet-stream': {
              schema: z.string().openapi({ type: 'string', format: 'binary' }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { caseId, mapId } = c.req.valid('param');
      const file = await exportMap({
        actor: requireAuth(c).actor,
        caseId,
        mapId,
        format: c.req.valid('query').format,
        baseUrl: baseUrlOf(c.req.url),
        context: c.get('context'),
        deps,
      });
      return c.body(Buffer.from(file.bytes), 200, {
        'content-type': file.contentType,
        'content-disposition': contentDisposition({ fileName: file.fileName }),
        'cache-control': 'private, no-store',
      });
    },
  );
}
