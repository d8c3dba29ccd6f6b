import { z } from 'zod';
import { annotationRectSchema } from './annotations.schemas.ts';
import { pageIdSchema } from './ingestion.schemas.ts';

/*
 * The exhibit list of a case (issue 7 §4, "danh mục tài liệu, chứng cứ công bố tại phiên tòa"):
 * ordered items a prosecutor shows at trial — a page, a region of a page (a callout), two pages
 * side by side, or an image/video file attached to the case — each with a label and notes that only
 * the presenter sees. Presentation sessions (presentation.ts) show these items.
 */

export const EXHIBIT_KINDS = ['page', 'region', 'pair', 'media'] as const;
export type ExhibitKind = (typeof EXHIBIT_KINDS)[number];

export const exhibitIdSchema = z
  .string()
  .max(64)
  .regex(/^exh_[0-9a-z]{10,40}$/, 'must be an id starting with exh_');

const label = z.string().trim().min(1).max(300);
const notes = z.string().trim().max(8000);

/** POST /api/cases/{caseId}/exhibits (media items are created by the upload endpoint). */
export const createExhibitBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('page'), pageId: pageIdSchema, label, notes: notes.optional() }),
  z.strictObject({
    kind: z.literal('region'),
    pageId: pageIdSchema,
    rect: annotationRectSchema,
    label,
    notes: notes.optional(),
  }),
  z.strictObject({
    kind: z.literal('pair'),
    pageId: pageIdSchema,
    secondPageId: pageIdSchema,
    label,
    notes: notes.optional(),
  }),
]);
export type CreateExhibitBody = z.input<typeof createExhibitBodySchema>;

/** PATCH /api/cases/{caseId}/exhibits/{exhibitId} */
export const updateExhibitBodySchema = z.strictObject({
  label: label.optional(),
  notes: notes.optional(),
  rect: annotationRectSchema.optional(),
});
export type UpdateExhibitBody = z.infer<typeof updateExhibitBodySchema>;

/** PUT /api/cases/{caseId}/exhibits/order: every item id of the list, in the new order. */
export const exhibitOrderBodySchema = z.strictObject({
  exhibitIds: z.array(exhibitIdSchema).max(2000),
});

const pageRef = z.object({
  id: z.string(),
  volume: z.number(),
  seq: z.number(),
  butLuc: z.number().nullable(),
});

export const exhibitSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  position: z.number(),
  kind: z.enum(EXHIBIT_KINDS),
  label: z.string(),
  notes: z.string(),
  page: pageRef.nullable(),
  secondPage: pageRef.nullable(),
  rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  media: z
    .object({
      type: z.enum(['image', 'video']),
      contentType: z.string(),
      sizeBytes: z.number(),
      fileName: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Exhibit = z.infer<typeof exhibitSchema>;

/** Media accepted as exhibits, by sniffed content type. */
export const EXHIBIT_MEDIA_TYPES = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'video/webm': 'video',
} as const;
export type ExhibitMediaContentType = keyof typeof EXHIBIT_MEDIA_TYPES;

const rect01 = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
  h: z.number().min(0).max(1),
});
const point01 = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
const viewLabel = z.string().max(300);
const opaqueId = z.string().min(1).max(64);

export const presentationViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('blank'), tone: z.enum(['black', 'neutral']) }),
  z.strictObject({ kind: z.literal('page'), pageId: pageIdSchema, label: viewLabel }),
  z.strictObject({
    kind: z.literal('region'),
    pageId: pageIdSchema,
    rect: rect01,
    label: viewLabel,
  }),
  z.strictObject({
    kind: z.literal('pair'),
    pageIds: z.tuple([pageIdSchema, pageIdSchema]),
    label: viewLabel,
  }),
  z.strictObject({
    kind: z.literal('media'),
    mediaId: exhibitIdSchema,
    mediaType: z.enum(['image', 'video']),
    label: viewLabel,
  }),
  z.strictObject({ kind: z.literal('map'), mapId: opaqueId, branchId: opaqueId, label: viewLabel }),
]);

/** POST /api/presentations/{presentationId}/commands: one presenter command (presentation.ts). */
export const presentationCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('show'),
    view: presentationViewSchema,
    itemId: exhibitIdSchema.nullable().optional(),
  }),
  z.strictObject({ type: z.literal('blank'), tone: z.enum(['black', 'neutral']) }),
  z.strictObject({ type: z.literal('zoom'), rect: rect01.nullable() }),
  z.strictObject({
    type: z.literal('stroke.begin'),
    id: opaqueId,
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    pane: z.union([z.literal(0), z.literal(1)]).optional(),
    point: point01,
  }),
  z.strictObject({
    type: z.literal('stroke.extend'),
    id: opaqueId,
    points: z.array(point01).min(1).max(500),
  }),
  z.strictObject({ type: z.literal('strokes.clear') }),
]);

export const presentationSessionSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  code: z.string(),
  expiresAt: z.string(),
  /** The caller opened it and may push to it. */
  presenter: z.boolean(),
});
export type PresentationSession = z.infer<typeof presentationSessionSchema>;
