import { z } from 'zod';
import { ANNOTATION_COLORS } from './annotation-colors.ts';
import { pageIdSchema } from './ingestion.schemas.ts';

/*
 * Annotations of a case (issue 6 §6): a highlighted region, highlighted words of the OCR text
 * layer, or a sticky note at a point. Every coordinate is normalised to [0, 1] of the *upright*
 * page image (origin top-left), like the OCR word boxes, so annotations survive display sizes,
 * view rotation and export.
 */

const unit = z.number().min(0).max(1);

export const ANNOTATION_KINDS = ['region', 'words', 'note'] as const;
export const annotationKindSchema = z.enum(ANNOTATION_KINDS);
export type AnnotationKind = z.infer<typeof annotationKindSchema>;

/** `private`: its author only. `shared`: everyone who may read the case. */
export const annotationVisibilitySchema = z.enum(['private', 'shared']);
export type AnnotationVisibility = z.infer<typeof annotationVisibilitySchema>;

export const annotationColorSchema = z.enum(ANNOTATION_COLORS);

export const annotationRectSchema = z
  .strictObject({ x: unit, y: unit, w: unit, h: unit })
  .refine((r) => r.x + r.w <= 1.000001 && r.y + r.h <= 1.000001, 'rectangle outside the page');
export type AnnotationRect = z.infer<typeof annotationRectSchema>;

/** A word box [x0, y0, x1, y1]. */
export const annotationBoxSchema = z
  .tuple([unit, unit, unit, unit])
  .refine(([x0, y0, x1, y1]) => x1 >= x0 && y1 >= y0, 'box corners out of order');
export type AnnotationBox = z.infer<typeof annotationBoxSchema>;

export const annotationPointSchema = z.strictObject({ x: unit, y: unit });
export type AnnotationPoint = z.infer<typeof annotationPointSchema>;

const noteText = z.string().trim().max(4000);
const common = {
  pageId: pageIdSchema,
  color: annotationColorSchema.default('yellow'),
  visibility: annotationVisibilitySchema.default('private'),
};

/** POST /api/cases/{caseId}/annotations */
export const createAnnotationBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('region'),
    rect: annotationRectSchema,
    text: noteText.optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('words'),
    boxes: z.array(annotationBoxSchema).min(1).max(2000),
    /** The words highlighted, as selected (shown in lists, quoted in exports). */
    text: noteText.optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('note'),
    point: annotationPointSchema,
    text: noteText.min(1),
    ...common,
  }),
]);
export type CreateAnnotationBody = z.input<typeof createAnnotationBodySchema>;

/** PATCH /api/cases/{caseId}/annotations/{annotationId}: only what changes. */
export const updateAnnotationBodySchema = z.strictObject({
  text: noteText.optional(),
  color: annotationColorSchema.optional(),
  visibility: annotationVisibilitySchema.optional(),
  rect: annotationRectSchema.optional(),
  point: annotationPointSchema.optional(),
});
export type UpdateAnnotationBody = z.infer<typeof updateAnnotationBodySchema>;

export const annotationIdSchema = z
  .string()
  .max(64)
  .regex(/^ann_[0-9a-z]{10,40}$/, 'must be an id starting with ann_');

/** GET /api/cases/{caseId}/annotations */
export const listAnnotationsQuerySchema = z.strictObject({
  pageId: pageIdSchema.optional(),
  documentId: z.string().max(64).optional(),
  /** A user id, or `me`. */
  author: z.string().max(64).optional(),
  visibility: annotationVisibilitySchema.optional(),
});
export type ListAnnotationsQuery = z.infer<typeof listAnnotationsQuerySchema>;

export const annotationSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  pageId: z.string(),
  kind: annotationKindSchema,
  rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  boxes: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])).nullable(),
  point: z.object({ x: z.number(), y: z.number() }).nullable(),
  text: z.string().nullable(),
  color: annotationColorSchema,
  visibility: annotationVisibilitySchema,
  author: z.object({ id: z.string(), name: z.string() }),
  /** The caller wrote it (may edit it and switch it private/shared). */
  mine: z.boolean(),
  /** The caller may delete it (its author, or the unit's leader for a shared one). */
  canDelete: z.boolean(),
  page: z.object({ volume: z.number(), seq: z.number(), butLuc: z.number().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;

/** GET /api/cases/{caseId}/pages/{pageId}/text: the OCR text layer of one page. */
export const pageTextSchema = z.object({
  pageId: z.string(),
  text: z.string(),
  /** Boxes normalised to [0, 1] of the upright page image. */
  words: z.array(
    z.object({
      text: z.string(),
      x0: z.number(),
      y0: z.number(),
      x1: z.number(),
      y1: z.number(),
    }),
  ),
  /** Upright image size in pixels (null before processing). */
  width: z.number().nullable(),
  height: z.number().nullable(),
});
export type PageText = z.infer<typeof pageTextSchema>;
