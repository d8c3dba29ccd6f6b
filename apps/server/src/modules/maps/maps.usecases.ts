import {
  createMapBodySchema,
  DOCUMENT_TYPES,
  PERSON_ROLES,
  SECTIONS,
  TIMELINE_DOCUMENT_TYPES,
  type CaseMap,
  type CaseMapSummary,
  type CreateMapBody,
  type MapDocument,
  type MapExportFormat,
  type MapImportFormat,
  type MapNode,
  type UpdateMapBody,
  updateMapBodySchema,
} from '@sohoa/contracts';
import { buildPersonIndex } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { DocumentsRepository } from '../documents/documents.repository.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { toTimelineDocument } from '../timeline/timeline.usecases.ts';
import { buildMapDraft, type DraftDocument } from './maps.draft.ts';
import {
  createMapImportInvalidError,
  createMapNotFoundError,
  createMapVersionConflictError,
} from './maps.errors.ts';
import {
  exportFreeMind,
  exportOpml,
  exportXmind,
  importFreeMind,
  importOpml,
  importXmind,
} from './maps.formats.ts';
import { createCaseLinkResolver } from './maps.links.ts';
import type { MapsRepository } from './maps.repository.ts';
import { renderMapPdf, renderMapPng, renderMapSvg } from './maps.render.ts';

export interface MapsDeps extends CasesDeps {
  mapsRepository: MapsRepository;
  documentsRepository: DocumentsRepository;
  pagesRepository: PagesRepository;
}

type Row = Awaited<ReturnType<MapsRepository['listByCase']>>['maps'][number];

function formatSummary(row: Omit<Row, 'node_count'>, nodeCount: number): CaseMapSummary {
  return {
    id: row.id,
    caseId: row.case_id,
    title: row.title,
    version: row.version,
    nodeCount,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Reading needs the case's `read`; changing a map needs `edit` (the case team and its leader). */
async function caseFor({
  actor,
  caseId,
  write,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  write: boolean;
  context: RequestContext;
  deps: MapsDeps;
}) {
  if (write) {
    // A reader who may not edit gets 403; someone who may not read the case at all gets 404.
    await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  }
  return getCaseForActionOrThrow({
    actor,
    caseId,
    action: write ? 'edit' : 'read',
    context,
    ...deps,
  });
}

async function getMapOrThrow({
  caseId,
  mapId,
  deps,
}: {
  caseId: string;
  mapId: string;
  deps: MapsDeps;
}) {
  const { map } = await deps.mapsRepository.getById({ caseId, mapId });
  if (!map) {
    throw createMapNotFoundError();
  }
  const document = map.document as unknown as MapDocument;
  return { map, document };
}

function formatMap(row: Awaited<ReturnType<typeof getMapOrThrow>>): CaseMap {
  return { ...formatSummary(row.map, row.document.nodes.length), document: row.document };
}

export async function listMaps(args: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: MapsDeps;
}) {
  await caseFor({ ...args, write: false });
  const { maps } = await args.deps.mapsRepository.listByCase({ caseId: args.caseId });
  return { maps: maps.map((m) => formatSummary(m, Number(m.node_count))) };
}

export async function getMap(args: {
  actor: Actor;
  caseId: string;
  mapId: string;
  context: RequestContext;
  deps: MapsDeps;
}) {
  await caseFor({ ...args, write: false });
  return { map: formatMap(await getMapOrThrow(args)) };
}

const rootOnly = (title: string): MapDocument => ({
  nodes: [
    {
      id: 'root',
      parentId: null,
      text: title,
      color: 'blue',
      icon: 'none',
      collapsed: false,
      position: null,
      link: null,
      note: null,
    },
  ],
});

export async function createMap({
  actor,
  caseId,
  body,
  context,
  deps,
  details = {},
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  body: CreateMapBody;
  context: RequestContext;
  deps: MapsDeps;
  details?: Record<string, unknown>;
  now?: Date;
}) {
  const input = createMapBodySchema.parse(body);
  const { case: found } = await caseFor({ actor, caseId, write: true, context, deps });
  const document = input.document ?? rootOnly(input.title);
  const { id } = await deps.mapsRepository.insert({
    map: { caseId, title: input.title, document, createdBy: actor.userId },
    now,
  });
  await deps.auditRepository.record({
    event: {
      action: 'map.created',
      actor,
      targetKind: 'map',
      targetId: id,
      caseId,
      unitId: found.unitId,
      context,
      details: { nodes: document.nodes.length, ...details },
    },
  });
  return { map: formatMap(await getMapOrThrow({ caseId, mapId: id, deps })) };
}

export async function updateMap({
  actor,
  caseId,
  mapId,
  body,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  mapId: string;
  body: UpdateMapBody;
  context: RequestContext;
  deps: MapsDeps;
  now?: Date;
}) {
  const input = updateMapBodySchema.parse(body);
  const { case: found } = await caseFor({ actor, caseId, write: true, context, deps });
  await getMapOrThrow({ caseId, mapId, deps });
  const { updated } = await deps.mapsRepository.updateIfVersion({
    mapId,
    version: input.version,
    changes: { title: input.title, document: input.document },
    updatedBy: actor.userId,
    now,
  });
  if (!updated) {
    throw createMapVersionConflictError();
  }
  // Autosave writes often: the trail records that the map changed and its size, not its text.
  await deps.auditRepository.record({
    event: {
      action: 'map.updated',
      actor,
      targetKind: 'map',
      targetId: mapId,
      caseId,
      unitId: found.unitId,
      context,
      details: {
        version: input.version + 1,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.document ? { nodes: input.document.nodes.length } : {}),
      },
    },
  });
  return { map: formatMap(await getMapOrThrow({ caseId, mapId, deps })) };
}

export async function deleteMap({
  actor,
  caseId,
  mapId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  mapId: string;
  context: RequestContext;
  deps: MapsDeps;
  now?: Date;
}) {
  const { case: found } = await caseFor({ actor, caseId, write: true, context, deps });
  const { map } = await getMapOrThrow({ caseId, mapId, deps });
  await deps.mapsRepository.softDelete({ mapId, now });
  await deps.auditRepository.record({
    event: {
      action: 'map.deleted',
      actor,
      targetKind: 'map',
      targetId: mapId,
      caseId,
      unitId: found.unitId,
      context,
      details: { title: map.title },
    },
  });
  return { deleted: true };
}

/** The inputs of the draft from the case's stored structure (documents, persons, pages). */
async function draftInputs({ caseId, deps }: { caseId: string; deps: MapsDeps }) {
  const { documents: rows } = await deps.documentsRepository.listByCase({ caseId });
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const firstPage = new Map<string, string>();
  for (const p of pages) {
    firstPage.set(`${p.volume}:${p.seq}`, p.id);
  }
  const typeByCode = new Map(DOCUMENT_TYPES.map((t) => [t.code, t]));
  const documents: DraftDocument[] = rows.map((r) => {
    const type = typeByCode.get(r.type_code);
    return {
      id: r.id,
      typeCode: r.type_code,
      section: r.section_code ?? type?.section ?? 'CHUNG_CHUA_PHAN_LOAI',
      form: type?.form ?? null,
      name: r.title ?? type?.name_vi ?? r.type_code,
      date: toTimelineDocument(r, 0).date,
      butLucFrom: r.but_luc_from,
      butLucTo: r.but_luc_to,
      pageId: firstPage.get(`${r.volume}:${r.first_seq}`) ?? null,
    };
  });
  const { persons } = buildPersonIndex({
    documents: rows.map(toTimelineDocument),
    types: TIMELINE_DOCUMENT_TYPES,
    personRoles: PERSON_ROLES,
  });
  return {
    documents,
    persons: persons.map((p) => ({
      name: p.name,
      roles: p.roles,
      documentIds: [...new Set(p.appearances.map((a) => a.documentId))],
      statementIds: [...new Set(p.statements.map((a) => a.documentId))],
    })),
  };
}

/** Builds a draft from the case structure and saves it as a new map. */
export async function createDraftMap({
  actor,
  caseId,
  title,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  title?: string;
  context: RequestContext;
  deps: MapsDeps;
  now?: Date;
}) {
  const { case: found } = await caseFor({ actor, caseId, write: true, context, deps });
  const { documents, persons } = await draftInputs({ caseId, deps });
  // People registered on the case but not (yet) found in its documents still get their branch.
  for (const party of found.parties) {
    if (!persons.some((p) => p.name.toLowerCase() === party.fullName.toLowerCase())) {
      persons.push({
        name: party.fullName,
        roles: [party.roleCode],
        documentIds: [],
        statementIds: [],
      });
    } else {
      const p = persons.find((q) => q.name.toLowerCase() === party.fullName.toLowerCase())!;
      if (!p.roles.includes(party.roleCode)) {
        p.roles.push(party.roleCode);
      }
    }
  }
  const { nodes } = buildMapDraft({
    caseInfo: { title: found.title, kind: found.kind, charges: found.charges },
    documents,
    persons,
    roles: new Map(PERSON_ROLES.map((r) => [r.code, { name: r.name_vi, group: r.group }])),
    sections: new Map(SECTIONS.map((s) => [s.code, s.name_vi])),
  });
  return createMap({
    actor,
    caseId,
    body: { title: title ?? `Sơ đồ vụ án – bản nháp`, document: { nodes } },
    context,
    deps,
    details: { draft: true },
    now,
  });
}

export const MAP_CONTENT_TYPES: Record<MapExportFormat, string> = {
  xmind: 'application/vnd.xmind.workbook',
  mm: 'application/x-freemind',
  opml: 'text/x-opml',
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** Safe ASCII-ish download name from the map title. */
function fileNameOf(title: string, format: MapExportFormat) {
  const base =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'so-do';
  return `${base}.${format}`;
}

export async function exportMap({
  actor,
  caseId,
  mapId,
  format,
  baseUrl,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  mapId: string;
  format: MapExportFormat;
  baseUrl: string;
  context: RequestContext;
  deps: MapsDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'export',
    context,
    ...deps,
  });
  const { map, document } = await getMapOrThrow({ caseId, mapId, deps });
  const links = await linksFor({ caseId, baseUrl, deps });
  const nodes: MapNode[] = document.nodes;
  const bytes: Uint8Array =
    format === 'xmind'
      ? exportXmind({ title: map.title, nodes, links })
      : format === 'mm'
        ? new TextEncoder().encode(exportFreeMind({ nodes, links }))
        : format === 'opml'
          ? new TextEncoder().encode(exportOpml({ title: map.title, nodes, links }))
          : format === 'svg'
            ? new TextEncoder().encode(renderMapSvg({ nodes }))
            : format === 'png'
              ? await renderMapPng({ nodes })
              : await renderMapPdf({ title: map.title, nodes });
  await deps.auditRepository.record({
    event: {
      action: 'map.exported',
      actor,
      targetKind: 'map',
      targetId: mapId,
      caseId,
      unitId: found.unitId,
      context,
      details: { format },
    },
  });
  return { bytes, contentType: MAP_CONTENT_TYPES[format], fileName: fileNameOf(map.title, format) };
}

async function linksFor({
  caseId,
  baseUrl,
  deps,
}: {
  caseId: string;
  baseUrl: string;
  deps: MapsDeps;
}) {
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  return createCaseLinkResolver({ caseId, baseUrl, pageIds: new Set(pages.map((p) => p.id)) });
}

/** Reads an XMind/FreeMind/OPML file and saves it as a new map of the case. */
export async function importMap({
  actor,
  caseId,
  format,
  bytes,
  baseUrl,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  format: MapImportFormat;
  bytes: Uint8Array;
  baseUrl: string;
  context: RequestContext;
  deps: MapsDeps;
}) {
  await caseFor({ actor, caseId, write: true, context, deps });
  const links = await linksFor({ caseId, baseUrl, deps });
  let parsed: { title: string; nodes: MapNode[] };
  try {
    parsed =
      format === 'xmind'
        ? importXmind({ bytes, links })
        : format === 'mm'
          ? importFreeMind({ text: new TextDecoder().decode(bytes), links })
          : importOpml({ text: new TextDecoder().decode(bytes), links });
  } catch (cause) {
    throw createMapImportInvalidError({ cause });
  }
  return createMap({
    actor,
    caseId,
    body: { title: parsed.title.slice(0, 200), document: { nodes: parsed.nodes } },
    context,
    deps,
    details: { imported: format },
  });
}
