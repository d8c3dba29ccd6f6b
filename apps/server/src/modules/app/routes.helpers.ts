import { z } from '@hono/zod-openapi';

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messages: z.object({ vi: z.string(), en: z.string() }).optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorResponseSchema } },
});

const errorResponses = {
  400: errorContent('Invalid request (request.invalid, request.malformed_json …)'),
  401: errorContent('Not logged in (auth.required)'),
  403: errorContent('Forbidden (access.forbidden, auth.csrf_failed)'),
  404: errorContent('Not found — also for cases the user may not see'),
  409: errorContent('Conflict (…_taken, setup.already_done)'),
};

/**
 * The `responses` of a JSON endpoint: the success body plus the error shape. Which error statuses
 * really occur comes from the code → status table in errors.middleware.ts.
 */
export function jsonResponses<S extends z.ZodType>(schema: S) {
  return {
    200: { description: 'OK', content: { 'application/json': { schema } } },
    ...errorResponses,
  };
}

/** Like {@link jsonResponses} for endpoints that create something (201). */
export function createdResponses<S extends z.ZodType>(schema: S) {
  return {
    201: { description: 'Created', content: { 'application/json': { schema } } },
    ...errorResponses,
  };
}

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const meta = (tag: string, summary: string) => ({
  tags: [tag],
  summary,
  security: [{ cookie: [] }, { bearer: [] }] as Array<Record<string, string[]>>,
});

export const okSchema = z.object({ ok: z.literal(true) });
