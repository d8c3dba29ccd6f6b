import type { CreateExhibitBody, Exhibit, ExhibitKind, UpdateExhibitBody } from '@sohoa/contracts';
import { createExhibitBodySchema, EXHIBIT_MEDIA_TYPES } from '@sohoa/contracts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { AuditAction } from '../audit/audit.types.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import { defineError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import {
  createExhibitMediaTooLargeError,
  createExhibitMediaUnsupportedError,
  createExhibitNotFoundError,
  createExhibitOrderMismatchError,
} from './exhibits.errors.ts';
import { sniffExhibitMedia } from './exhibits.media.ts';
import type { ExhibitRow, ExhibitsRepository, StoredExhibitKind } from './exhibits.repository.ts';

export interface ExhibitsDeps extends CasesDeps {
  exhibitsRepository: ExhibitsRepository;
  pagesRepository: PagesRepository;
  blobStore: BlobStore;
}

/** Largest image or video accepted as an exhibit (a few minutes of a camera's video). */
export const EXHIBIT_MEDIA_MAX_BYTES = 200 * 1024 * 1024;

const createPageNotFoundError = defineError('page.not_found');

const KIND_TO_STORED = {
  page: 'PAGE',
  region: 'REGION',
  pair: 'PAIR',
  media: 'MEDIA',
} as const satisfies Record<ExhibitKind, StoredExhibitKind>;
const STORED_TO_KIND = {
  PAGE: 'page',
  REGION: 'region',
  PAIR: 'pair',
  MEDIA: 'media',
} as const satisfies Record<StoredExhibitKind, ExhibitKind>;

function pageRef(
  id: string | null,
  volume: number | null,
  seq: number | null,
  butLuc: number | null,
  manual: { butLuc?: number | null } | null,
): Exhibit['page'] {
  if (!id || volume === null || seq === null) {
    return null;
  }
  const manualButLuc = manual?.butLuc;
  return { id, volume, seq, butLuc: manualButLuc !== undefined ? manualButLuc : butLuc };
}

/** A stored row as the API shows it. */
export function formatExhibitForApi({ row }: { row: ExhibitRow }): Exhibit {
  const contentType = row.media_content_type as keyof typeof EXHIBIT_MEDIA_TYPES | null;
  return {
    id: row.id,
    caseId: row.case_id,
    position: row.position,
    kind: STORED_TO_KIND[row.kind],
    label: row.label,
    notes: row.notes,
    page: pageRef(row.page_id, row.p1_volume, row.p1_seq, row.p1_but_luc, row.p1_manual),
    secondPage: pageRef(
      row.second_page_id,
      row.p2_volume,
      row.p2_seq,
      row.p2_but_luc,
      row.p2_manual,
    ),
    rect: row.rect,
    media:
      row.media_blob_key && contentType
        ? {
            type: EXHIBIT_MEDIA_TYPES[contentType] ?? 'image',
            contentType,
            sizeBytes: Number(row.media_size_bytes ?? 0),
            fileName: row.media_file_name ?? '',
          }
        : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

interface Call {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: ExhibitsDeps;
}

/** Reading the list needs read access to the case; changing it, edit access (the case team). */
async function caseFor({ actor, caseId, context, deps }: Call, action: 'read' | 'edit') {
  return getCaseForActionOrThrow({ actor, caseId, action, context, ...deps });
}

async function audit(
  { actor, caseId, context, deps }: Call,
  unitId: string,
  action: AuditAction,
  targetId: string,
  details: Record<string, unknown>,
) {
  await deps.auditRepository.record({
    event: { action, actor, targetKind: 'exhibit', targetId, caseId, unitId, context, details },
  });
}

export async function listExhibits(call: Call) {
  await caseFor(call, 'read');
  const { exhibits } = await call.deps.exhibitsRepository.list({ caseId: call.caseId });
  return { exhibits: exhibits.map((row) => formatExhibitForApi({ row })) };
}

async function getOrThrow({ caseId, deps }: Call, exhibitId: string) {
  const { exhibit } = await deps.exhibitsRepository.getById({ caseId, exhibitId });
  if (!exhibit) {
    throw createExhibitNotFoundError();
  }
  return { exhibit };
}

async function assertPageOfCase({ caseId, deps }: Call, pageId: string) {
  const { page } = await deps.pagesRepository.getPage({ pageId });
  if (!page || page.case_id !== caseId) {
    throw createPageNotFoundError();
  }
}

export async function createExhibit({
  body,
  now = new Date(),
  ...call
}: Call & {
  body: CreateExhibitBody;
  now?: Date;
}) {
  const input = createExhibitBodySchema.parse(body);
  const { case: found } = await caseFor(call, 'edit');
  await assertPageOfCase(call, input.pageId);
  if (input.kind === 'pair') {
    await assertPageOfCase(call, input.secondPageId);
  }
  const { id } = await call.deps.exhibitsRepository.insert({
    exhibit: {
      caseId: call.caseId,
      kind: KIND_TO_STORED[input.kind],
      label: input.label,
      notes: input.notes ?? '',
      pageId: input.pageId,
      secondPageId: input.kind === 'pair' ? input.secondPageId : null,
      rect: input.kind === 'region' ? input.rect : null,
      media: null,
      createdBy: call.actor.userId,
    },
    now,
  });
  await audit(call, found.unitId, 'exhibit.created', id, { kind: input.kind });
  const { exhibit } = await getOrThrow(call, id);
  return { exhibit: formatExhibitForApi({ row: exhibit }) };
}

/**
 * Stores an uploaded image or video (sniffed from its first bytes, at most `maxBytes`) in the blob
 * store and appends it to the list as a media item.
 */
export async function uploadExhibitMedia({
  stream,
  fileName,
  label,
  maxBytes = EXHIBIT_MEDIA_MAX_BYTES,
  now = new Date(),
  ...call
}: Call & {
  stream: AsyncIterable<Uint8Array>;
  fileName: string;
  label: string;
  maxBytes?: number;
  now?: Date;
}) {
  const { case: found } = await caseFor(call, 'edit');
  let contentType: keyof typeof EXHIBIT_MEDIA_TYPES | null = null;
  async function* checked() {
    let seen = 0;
    for await (const chunk of stream) {
      if (seen === 0) {
        contentType = sniffExhibitMedia(chunk);
        if (!contentType) {
          throw createExhibitMediaUnsupportedError();
        }
      }
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        throw createExhibitMediaTooLargeError({ details: { maxBytes } });
      }
      yield chunk;
    }
  }
  const stored = await call.deps.blobStore.put({ stream: checked() });
  if (!contentType || stored.sizeBytes === 0) {
    throw createExhibitMediaUnsupportedError();
  }
  const { id } = await call.deps.exhibitsRepository.insert({
    exhibit: {
      caseId: call.caseId,
      kind: 'MEDIA',
      label: label.trim() || fileName,
      notes: '',
      pageId: null,
      secondPageId: null,
      rect: null,
      media: { blobKey: stored.key, contentType, sizeBytes: stored.sizeBytes, fileName },
      createdBy: call.actor.userId,
    },
    now,
  });
  await audit(call, found.unitId, 'exhibit.created', id, {
    kind: 'media',
    contentType,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
  });
  const { exhibit } = await getOrThrow(call, id);
  return { exhibit: formatExhibitForApi({ row: exhibit }) };
}

/** The bytes of a media item, for whoever may read the case. */
export async function getExhibitMedia({ exhibitId, ...call }: Call & { exhibitId: string }) {
  await caseFor(call, 'read');
  const { exhibit } = await getOrThrow(call, exhibitId);
  if (!exhibit.media_blob_key || !exhibit.media_content_type) {
    throw createExhibitNotFoundError();
  }
  const { stream, sizeBytes } = await call.deps.blobStore.get({ key: exhibit.media_blob_key });
  return { stream, sizeBytes, contentType: exhibit.media_content_type };
}

export async function updateExhibit({
  exhibitId,
  changes,
  now = new Date(),
  ...call
}: Call & { exhibitId: string; changes: UpdateExhibitBody; now?: Date }) {
  const { case: found } = await caseFor(call, 'edit');
  const { exhibit: before } = await getOrThrow(call, exhibitId);
  const rect = before.kind === 'REGION' ? changes.rect : undefined;
  await call.deps.exhibitsRepository.update({
    exhibitId,
    changes: { label: changes.label, notes: changes.notes, rect },
    now,
  });
  await audit(call, found.unitId, 'exhibit.updated', exhibitId, {
    changed: Object.keys(changes),
  });
  const { exhibit } = await getOrThrow(call, exhibitId);
  return { exhibit: formatExhibitForApi({ row: exhibit }) };
}

export async function deleteExhibit({ exhibitId, ...call }: Call & { exhibitId: string }) {
  const { case: found } = await caseFor(call, 'edit');
  const { exhibit } = await getOrThrow(call, exhibitId);
  await call.deps.exhibitsRepository.delete({ exhibitId });
  // The media blob stays: blobs are content-addressed and may be shared; retention removes them.
  await audit(call, found.unitId, 'exhibit.deleted', exhibitId, {
    kind: STORED_TO_KIND[exhibit.kind],
    label: exhibit.label,
  });
  return { deleted: true };
}

export async function reorderExhibits({ exhibitIds, ...call }: Call & { exhibitIds: string[] }) {
  const { case: found } = await caseFor(call, 'edit');
  const { exhibits } = await call.deps.exhibitsRepository.list({ caseId: call.caseId });
  const current = new Set(exhibits.map((e) => e.id));
  const proposed = new Set(exhibitIds);
  if (
    proposed.size !== exhibitIds.length ||
    proposed.size !== current.size ||
    exhibitIds.some((id) => !current.has(id))
  ) {
    throw createExhibitOrderMismatchError();
  }
  await call.deps.exhibitsRepository.reorder({ caseId: call.caseId, exhibitIds });
  await audit(call, found.unitId, 'exhibit.reordered', call.caseId, { count: exhibitIds.length });
  return listExhibits(call);
}
