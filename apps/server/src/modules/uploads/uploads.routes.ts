import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, Server, type Upload } from '@tus/server';
import type { Context, Hono } from 'hono';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import type { AppEnv, ServerDependencies } from '../app/server.types.ts';
import { intakeFiles, type IntakeFileResult } from '../intake/intake.usecases.ts';
import { createError, isDomainError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { uploadMetadataSchema, type UploadMetadata } from './uploads.schemas.ts';

export const UPLOADS_PATH = '/api/uploads';
/** An unfinished upload can be resumed for a week (a weekend, a long power cut) … */
const UPLOAD_TTL_MS = 7 * 24 * 3600_000;
/** … and abandoned ones are swept, at most hourly, when a new upload starts. */
const SWEEP_EVERY_MS = 3600_000;

/** Who sent a tus request: set by the Hono handler, read by the tus hooks (same Request object). */
interface RequestState {
  actor: Actor;
  context: RequestContext;
  /** An error raised in a hook, answered by the app's error handler instead of tus. */
  error: Error | null;
}

function parseMetadata(metadata: Upload['metadata']): UploadMetadata {
  const parsed = uploadMetadataSchema.safeParse(metadata ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: `metadata.${i.path.join('.')}`,
      message: i.message,
    }));
    throw createError({ code: 'request.invalid', details: { issues } });
  }
  return parsed.data;
}

/**
 * Resumable uploads (tus 1.0, https://tus.io/protocols/resumable-upload) at `/api/uploads`, for
 * scans too large or links too poor for one PUT: `POST` creates an upload (metadata `filename`,
 * `caseId`, `volume`; the `import` right is checked here, before any byte is stored), `PATCH`
 * appends chunks, `HEAD` tells where to resume. When the last byte arrives the file goes through
 * THE intake use case and the final response carries `{ results }` as JSON (200 instead of tus'
 * bodiless 204; tus clients accept any 2xx). Sessions and CSRF work as for the rest of the API: tus
 * clients send `x-csrf-token` (or a bearer token) as an extra header. Parts live in
 * `<tempDir>/tus` on this machine, so every request of one upload must reach the same process.
 *
 * Must be registered before the `/api/*` catch-all, outside the JSON body limit.
 */
export function registerUploadRoutes({
  app,
  deps,
}: {
  app: Hono<AppEnv>;
  deps: ServerDependencies;
}) {
  const store = new FileStore({
    directory: path.join(deps.tempDir, 'tus'),
    expirationPeriodInMilliseconds: UPLOAD_TTL_MS,
  });
  const states = new WeakMap<object, RequestState>();
  const stateOf = (req: object) => {
    const state = states.get(req);
    if (!state) {
      throw new Error('tus request outside the upload route');
    }
    return state;
  };
  /** Errors of our own (domain or unexpected) are kept for the app's error handler. */
  const hook =
    <A extends unknown[], R>(fn: (req: Request, ...args: A) => Promise<R>) =>
    async (req: Request, ...args: A): Promise<R> => {
      try {
        return await fn(req, ...args);
      } catch (error) {
        // tus' own errors ({ status_code, body }) are protocol answers and pass through.
        if (error instanceof Error) {
          stateOf(req).error = error;
        }
        throw error;
      }
    };

  // A finished upload is ingested once, even when a client retries the last PATCH concurrently.
  const finishing = new Map<string, Promise<{ results: IntakeFileResult[] }>>();
  async function ingest({ upload, state }: { upload: Upload; state: RequestState }) {
    const metadata = parseMetadata(upload.metadata);
    try {
      const result = await intakeFiles({
        actor: state.actor,
        caseId: metadata.caseId,
        volumeNumber: metadata.volume,
        files: [{ name: metadata.filename, open: () => store.read(upload.id) }],
        context: state.context,
        deps,
      });
      await store.remove(upload.id);
      return result;
    } catch (error) {
      // The case is gone or the right withdrawn: a retry cannot help. Anything else (database
      // down …) keeps the file, and a retried final PATCH runs the intake again.
      if (isDomainError(error)) {
        await store.remove(upload.id).catch(() => undefined);
      }
      throw error;
    }
  }

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    relativeLocation: true,
    maxSize: deps.maxFileBytes,
    // Same-origin only, like the rest of the API: no Access-Control-Allow-Origin.
    allowedOrigins: () => false,
    onIncomingRequest: hook(async (req, uploadId: string) => {
      if (req.method === 'POST') {
        return;
      }
      const upload = await store.getUpload(uploadId).catch(() => null);
      // Someone else's upload looks exactly like one that does not exist.
      if (upload && upload.metadata?.ownerId !== stateOf(req).actor.userId) {
        // tus hooks answer in protocol terms by throwing its { status_code, body } objects.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw ERRORS.FILE_NOT_FOUND;
      }
    }),
    onUploadCreate: hook(async (req, upload: Upload) => {
      const { actor, context } = stateOf(req);
      const metadata = parseMetadata(upload.metadata);
      await getCaseForActionOrThrow({
        actor,
        caseId: metadata.caseId,
        action: 'import',
        context,
        ...deps,
      });
      return {
        metadata: {
          filename: metadata.filename,
          caseId: metadata.caseId,
          volume: String(metadata.volume),
          ownerId: actor.userId,
        },
      };
    }),
    onUploadFinish: hook(async (req, upload: Upload) => {
      let running = finishing.get(upload.id);
      if (!running) {
        running = ingest({ upload, state: stateOf(req) }).finally(() =>
          finishing.delete(upload.id),
        );
        finishing.set(upload.id, running);
      }
      const result = await running;
      return {
        // POST (creation-with-upload) must stay 201 to carry its Location.
        status_code: req.method === 'POST' ? 201 : 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(result),
      };
    }),
  });

  let lastSweep = Date.now();
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) {
      return;
    }
    lastSweep = Date.now();
    tus.cleanUpExpiredUploads().then(
      (count) => count > 0 && deps.logger.info({ count }, 'expired uploads removed'),
      (error: unknown) => deps.logger.warn({ err: error }, 'expired uploads sweep failed'),
    );
  };

  const handle = async (c: Context<AppEnv>) => {
    const { actor } = requireAuth(c);
    const request = c.req.raw;
    // HEAD is routed as GET by Hono; uploads are never read back.
    if (request.method === 'GET') {
      throw createError({ code: 'route.not_found' });
    }
    if (request.method === 'POST') {
      sweep();
    }
    const state: RequestState = { actor, context: c.get('context'), error: null };
    states.set(request, state);
    const response = await tus.handleWeb(request);
    if (state.error) {
      throw state.error;
    }
    return response;
  };
  app.post(UPLOADS_PATH, handle);
  app.on(['GET', 'PATCH', 'DELETE'], `${UPLOADS_PATH}/:uploadId`, handle);
}
