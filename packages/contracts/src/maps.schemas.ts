import { z } from 'zod';

/*
 * Case mind maps (sơ đồ hóa, issue 7 §1–3). A map is one JSON document of nodes in a flat list
 * (each with its parent), saved whole with a version number for optimistic concurrency: a PUT
 * carrying an old version is refused with `map.version_conflict`.
 */

export const mapIdSchema = z
  .string()
  .max(64)
  .regex(/^map_[0-9a-z]{10,40}$/, 'must be an id starting with map_');

export const MAP_COLORS = [
  'default',
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'grey',
] as const;
export const mapColorSchema = z.enum(MAP_COLORS);
export type MapColor = z.infer<typeof mapColorSchema>;

export const MAP_ICONS = [
  'none',
  'person',
  'document',
  'evidence',
  'calendar',
  'warning',
  'question',
  'star',
  'law',
] as const;
export const mapIconSchema = z.enum(MAP_ICONS);
export type MapIcon = z.infer<typeof mapIconSchema>;

const shortId = z.string().min(1).max(64);

/** What a node opens: a document, a page, a region of a page, an annotation, or another node. */
export const mapLinkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('document'), documentId: shortId, pageId: shortId.optional() }),
  z.strictObject({ kind: z.literal('page'), pageId: shortId }),
  z.strictObject({
    kind: z.literal('region'),
    pageId: shortId,
    rect: z.strictObject({
      x: z.number().min(0).max(1),
      y: z.number().min(0).max(1),
      w: z.number().min(0).max(1),
      h: z.number().min(0).max(1),
    }),
  }),
  z.strictObject({
    kind: z.literal('annotation'),
    annotationId: shortId,
    pageId: shortId.optional(),
  }),
  z.strictObject({ kind: z.literal('node'), nodeId: shortId }),
  z.strictObject({ kind: z.literal('url'), url: z.string().url().max(2000) }),
]);
export type MapLink = z.infer<typeof mapLinkSchema>;

export const mapNodeSchema = z.strictObject({
  id: shortId,
  /** null for the root (exactly one). */
  parentId: shortId.nullable(),
  text: z.string().max(2000),
  color: mapColorSchema.default('default'),
  icon: mapIconSchema.default('none'),
  collapsed: z.boolean().default(false),
  /** Free position (map units) or null for the automatic layout. */
  position: z
    .strictObject({ x: z.number().finite(), y: z.number().finite() })
    .nullable()
    .default(null),
  link: mapLinkSchema.nullable().default(null),
  /** Bút lục range shown with the text (e.g. "BL 12–15"). */
  note: z.string().max(4000).nullable().default(null),
});
export type MapNode = z.infer<typeof mapNodeSchema>;
export type MapNodeInput = z.input<typeof mapNodeSchema>;

export const MAX_MAP_NODES = 5000;

/** The tree: one root, every parent exists, ids unique, no cycle. */
export const mapDocumentSchema = z
  .strictObject({ nodes: z.array(mapNodeSchema).min(1).max(MAX_MAP_NODES) })
  .superRefine((doc, ctx) => {
    const problem = mapTreeProblem(doc.nodes);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, path: ['nodes'] });
    }
  });
export type MapDocument = z.infer<typeof mapDocumentSchema>;

/** Why `nodes` is not a tree with one root, or null. */
export function mapTreeProblem(
  nodes: ReadonlyArray<{ id: string; parentId: string | null }>,
): string | null {
  const ids = new Set<string>();
  let roots = 0;
  for (const n of nodes) {
    if (ids.has(n.id)) {
      return `duplicate node id ${n.id}`;
    }
    ids.add(n.id);
    if (n.parentId === null) {
      roots += 1;
    }
  }
  if (roots !== 1) {
    return 'a map has exactly one root';
  }
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  for (const n of nodes) {
    if (n.parentId !== null && !ids.has(n.parentId)) {
      return `node ${n.id} has an unknown parent`;
    }
    let steps = 0;
    let cur: string | null = n.id;
    while (cur !== null) {
      cur = parent.get(cur) ?? null;
      steps += 1;
      if (steps > nodes.length) {
        return `node ${n.id} is in a cycle`;
      }
    }
  }
  return null;
}

const title = z.string().trim().min(1).max(200);

export const caseMapSummarySchema = z.object({
  id: z.string(),
  caseId: z.string(),
  title: z.string(),
  version: z.number().int(),
  nodeCount: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseMapSummary = z.infer<typeof caseMapSummarySchema>;

export const caseMapSchema = caseMapSummarySchema.extend({ document: mapDocumentSchema });
export type CaseMap = z.infer<typeof caseMapSchema>;

/** POST /api/cases/{caseId}/maps — without a document, a map with just a root titled like the map. */
export const createMapBodySchema = z.strictObject({
  title,
  document: mapDocumentSchema.optional(),
});
/** As sent: node fields with defaults may be left out. */
export type CreateMapBody = z.input<typeof createMapBodySchema>;

/** PUT /api/cases/{caseId}/maps/{mapId} — `version` is the one the client last read. */
export const updateMapBodySchema = z.strictObject({
  version: z.number().int().min(1),
  title: title.optional(),
  document: mapDocumentSchema.optional(),
});
export type UpdateMapBody = z.input<typeof updateMapBodySchema>;

/** POST /api/cases/{caseId}/maps/draft */
export const draftMapBodySchema = z.strictObject({ title: title.optional() });

export const MAP_EXPORT_FORMATS = ['xmind', 'mm', 'opml', 'svg', 'png', 'pdf'] as const;
export const mapExportFormatSchema = z.enum(MAP_EXPORT_FORMATS);
export type MapExportFormat = z.infer<typeof mapExportFormatSchema>;

export const MAP_IMPORT_FORMATS = ['xmind', 'mm', 'opml'] as const;
export const mapImportFormatSchema = z.enum(MAP_IMPORT_FORMATS);
export type MapImportFormat = z.infer<typeof mapImportFormatSchema>;

export const MAP_ERROR_MESSAGES = {
  'map.not_found': { vi: 'Không tìm thấy sơ đồ.', en: 'Mind map not found.' },
  'map.version_conflict': {
    vi: 'Sơ đồ vừa được người khác sửa; hãy tải lại rồi sửa tiếp.',
    en: 'The map was changed by someone else; reload it and edit again.',
  },
  'map.import_invalid': {
    vi: 'Không đọc được tệp sơ đồ (XMind, FreeMind hoặc OPML).',
    en: 'The mind-map file could not be read (XMind, FreeMind or OPML).',
  },
} as const;
