import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import { registerAuthRoutes } from '../auth/auth.routes.ts';
import { registerCasesRoutes } from '../cases/cases.routes.ts';
import { registerCaseIndexRoutes } from '../case-index/case-index.routes.ts';
import { registerSetupRoutes } from '../setup/setup.routes.ts';
import { createError } from '../shared/errors/errors.ts';
import { registerUnitsRoutes } from '../units/units.routes.ts';
import { registerUsersRoutes } from '../users/users.routes.ts';
import { registerVolumesRoutes } from '../volumes/volumes.routes.ts';
import { registerIntakeRoutes } from '../intake/intake.routes.ts';
import { registerPagesRoutes } from '../pages/pages.routes.ts';
import { registerDocumentsRoutes } from '../documents/documents.routes.ts';
import { registerExportsRoutes } from '../exports/exports.routes.ts';
import { registerUploadRoutes } from '../uploads/uploads.routes.ts';
import { registerDigitizationRoutes } from '../digitization/digitization.routes.ts';
import { registerTimelineRoutes } from '../timeline/timeline.routes.ts';
import { registerPersonsRoutes } from '../persons/persons.routes.ts';
import { registerTransferRoutes } from '../transfer/transfer.routes.ts';
import { registerJobsRoutes } from '../jobs/jobs.routes.ts';
import { createOpsRepository } from '../ops/ops.repository.ts';
import { createHttpObserver, registerOpsRoutes } from '../ops/ops.routes.ts';
import { registerAnnotationsRoutes } from '../annotations/annotations.routes.ts';
import { registerMapsRoutes } from '../maps/maps.routes.ts';
import { registerSearchRoutes } from '../search/search.routes.ts';
import {
  createAuthGateMiddleware,
  createSessionMiddleware,
} from './middlewares/auth.middleware.ts';
import { registerHearingsRoutes } from '../hearings/hearings.routes.ts';
import { registerDashboardRoutes } from '../dashboard/dashboard.routes.ts';
import { registerExhibitsRoutes } from '../exhibits/exhibits.routes.ts';
import { registerPresentationsRoutes } from '../presentations/presentations.routes.ts';
import { registerCourtPackageRoutes } from '../court-package/court-package.routes.ts';
import { createErrorHandler, errorBody } from './middlewares/errors.middleware.ts';
import { languageOf } from './middlewares/language.ts';
import { createOriginCheckMiddleware } from './middlewares/origin.middleware.ts';
import { createRequestContextMiddleware } from './middlewares/request-context.middleware.ts';
import type { AppEnv, ServerDependencies } from './server.types.ts';

/** Builds the HTTP application from ready-made dependencies (no driver is chosen here). */
export function createServer({ deps }: { deps: ServerDependencies }) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        }));
        throw createError({ code: 'request.invalid', details: { issues } });
      }
    },
  });

  app.onError(createErrorHandler({ logger: deps.logger }));
  app.use(
    '*',
    createHttpObserver({
      logger: deps.logger,
      metrics: deps.ops?.metrics ?? null,
      trustProxy: deps.settings.trustProxy,
    }),
  );
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('/api/*', createRequestContextMiddleware({ trustProxy: deps.settings.trustProxy }));
  app.use('/api/*', createOriginCheckMiddleware({ trustProxy: deps.settings.trustProxy }));
  const jsonBodyLimit = bodyLimit({
    maxSize: deps.settings.maxJsonBodyBytes,
    onError: () => {
      throw createError({ code: 'request.too_large' });
    },
  });
  // Scanned files are streamed to disk by the intake (with its own size limit), not buffered.
  app.use(
    '/api/*',
    except(
      [
        '/api/uploads',
        '/api/uploads/*',
        '/api/cases/:caseId/volumes/:n/files',
        '/api/packages',
        '/api/cases/:caseId/exhibits/media',
      ],
      jsonBodyLimit,
    ),
  );
  app.use('/api/*', createSessionMiddleware({ deps }));
  app.use('/api/*', createAuthGateMiddleware());

  registerOpsRoutes({
    app,
    ops: {
      opsRepository: createOpsRepository({ db: deps.db }),
      blobStore: deps.blobStore,
      metrics: deps.ops?.metrics ?? null,
      settings: deps.ops?.settings ?? {
        metricsAllow: [],
        trustProxy: deps.settings.trustProxy,
      },
      isShuttingDown: deps.ops?.isShuttingDown ?? (() => false),
    },
  });
  app.get('/api/health', (c) => c.json({ status: 'ok', version: deps.settings.version }));
  registerSetupRoutes({ app, deps });
  registerAuthRoutes({ app, deps });
  registerUnitsRoutes({ app, deps });
  registerUsersRoutes({ app, deps });
  registerCasesRoutes({ app, deps });
  registerCaseIndexRoutes({ app, deps });
  registerVolumesRoutes({ app, deps });
  registerIntakeRoutes({ app, deps });
  registerUploadRoutes({ app, deps });
  registerPagesRoutes({ app, deps });
  registerDocumentsRoutes({ app, deps });
  registerTimelineRoutes({ app, deps });
  registerPersonsRoutes({ app, deps });
  registerExportsRoutes({ app, deps });
  registerTransferRoutes({ app, deps });
  registerDigitizationRoutes({ app, deps });
  registerJobsRoutes({ app, deps });
  registerAnnotationsRoutes({ app, deps });
  registerMapsRoutes({ app, deps });
  registerSearchRoutes({ app, deps });
  registerAuditRoutes({ app, deps });
  registerHearingsRoutes({ app, deps });
  registerDashboardRoutes({ app, deps });
  registerExhibitsRoutes({ app, deps });
  registerPresentationsRoutes({ app, deps });
  registerCourtPackageRoutes({ app, deps });

  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sohoa_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'sohoa API',
      version: deps.settings.version,
      description:
        'Số hóa hồ sơ vụ án — API. Cookie-authenticated writes need the x-csrf-token header; errors are {error:{code,message}}.',
    },
  });

  app.all('/api/*', (c) =>
    c.json(errorBody({ code: 'route.not_found', language: languageOf(c) }), 404),
  );
  mountWebApp({ app, webDistDir: deps.settings.webDistDir });
  return { app };
}

/** Serves the built SPA; unknown paths get index.html so client-side routes survive a reload. */
function mountWebApp({ app, webDistDir }: { app: OpenAPIHono<AppEnv>; webDistDir: string | null }) {
  const indexFile = webDistDir ? path.join(webDistDir, 'index.html') : null;
  if (!webDistDir || !indexFile || !existsSync(indexFile)) {
    app.get('*', (c) =>
      c.html(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>sohoa</title><body><p>Giao diện web chưa được build: chạy <code>npm run build:web</code>.</p><p>The web app is not built: run <code>npm run build:web</code>.</p></body></html>',
        503,
      ),
    );
    return;
  }
  const root = path.relative(process.cwd(), webDistDir) || '.';
  // Files under assets/ carry a hash of their content in their name: a new build makes new
  // names, so a browser may keep them for good. (Set on the way out: serveStatic's own onFound
  // hook runs after its response is made, too late for a header.)
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) {
      c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    }
  });
  // The build writes .br and .gz copies of its text files (apps/web/scripts/precompress.mjs).
  app.use('*', serveStatic({ root, precompressed: true }));
  // A script of another build is gone, not a client route: never index.html (kept for good).
  app.get('/assets/*', (c) => c.notFound());
  app.get('*', async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(await readFile(indexFile, 'utf8'));
  });
}
