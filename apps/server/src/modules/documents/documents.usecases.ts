import {
  documentTypeOf,
  DOCUMENT_TYPES,
  isPersonRoleCode,
  PERSON_ROLES,
  sectionFor,
  SECTIONS,
  type StoredStructureEdit,
  type StructureEdit,
} from '@sohoa/contracts';
import type { StructuredDocument, StructurePage } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { reopenAfterChange } from '../digitization/digitization.reopen.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import { effectivePage } from '../pages/pages.usecases.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import { defineError } from '../shared/errors/errors.ts';
import { generateId } from '../shared/ids/ids.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { DocumentsRepository, NewDocument } from './documents.repository.ts';
import {
  applyReviewEdits,
  boundariesFromEdits,
  type ReviewableDocument,
  type ReviewEdit,
} from './documents.review.ts';

export interface DocumentsDeps extends CasesDeps {
  pagesRepository: PagesRepository;
  documentsRepository: DocumentsRepository;
  pageProcessor: PageProcessor;
}

const createDocumentNotFoundError = defineError('document.not_found');
const createEditNotFoundError = defineError('structure.edit_not_found');
const createNotSplittableError = defineError('structure.page_not_splittable');
const createNotAdjacentError = defineError('structure.documents_not_adjacent');
const createBoundaryOutOfRangeError = defineError('structure.boundary_out_of_range');
const createUnknownTypeError = defineError('structure.unknown_type');
const createUnknownSectionError = defineError('structure.unknown_section');
const createUnknownRoleError = defineError('structure.unknown_person_role');
const createAlreadyRevertedError = defineError('structure.edit_already_reverted');

/** A `date` column as ISO yyyy-mm-dd (PGlite and node-postgres both give a Date; text is tolerated). */
export const isoDateOf = (value: Date | string | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);

/** `file#index` page refs, as the evaluation format and people name pages. */
export const pageRefOf = (fileName: string, sourceIndex: number) =>
  `${fileName.split(' › ').pop()!.split('/').pop()!}#${sourceIndex + 1}`;

/** A document is named by its first page: its id survives re-processing as long as that page starts it. */
export const documentIdOf = (anchorPageId: string) => `doc_${anchorPageId.replace(/^pg_/, '')}`;

const FALLBACK_TYPE = 'KHAC';
const LOW_CONFIDENCE = 0.8;
/** Re-runs when an edit lands while structuring (the result would miss it). */
const MAX_STALE_RUNS = 5;

function toReviewEdits(
  rows: ReadonlyArray<{ id: string; payload: Record<string, unknown> }>,
): ReviewEdit[] {
  return rows.map((r) => ({ id: r.id, edit: r.payload as unknown as StoredStructureEdit }));
}

/**
 * Splits the processed pages of a case into documents, classifies them against the catalogue,
 * extracts their metadata and places them in sections, then replays the reviewers' corrections.
 * The heavy part runs in the worker pool. Safe to run at any time: edits made meanwhile trigger
 * another run instead of being lost.
 */
export async function structureCase({ caseId, deps }: { caseId: string; deps: DocumentsDeps }) {
  const { case: found } = await deps.casesRepository.getById({ caseId });
  if (!found) {
    return { documents: 0, notApplied: [] as string[] };
  }
  for (let run = 1; ; run++) {
    const editsVersion = await deps.documentsRepository.editsVersion({ caseId });
    const { edits: editRows } = await deps.documentsRepository.listEdits({
      caseId,
      includeReverted: false,
    });
    const edits = toReviewEdits(editRows);
    const { rows, notApplied } = await computeStructure({
      caseId,
      caseKind: found.kind,
      edits,
      deps,
    });
    const { stale } = await deps.documentsRepository.replaceStructure({
      caseId,
      documents: rows,
      editsVersion,
    });
    if (!stale || run >= MAX_STALE_RUNS) {
      return { documents: rows.length, notApplied };
    }
  }
}

async function computeStructure({
  caseId,
  caseKind,
  edits,
  deps,
}: {
  caseId: string;
  caseKind: string;
  edits: ReviewEdit[];
  deps: DocumentsDeps;
}): Promise<{ rows: NewDocument[]; notApplied: string[] }> {
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId });
  const textById = new Map(texts.map((t) => [t.id, t.ocr_text ?? '']));
  const volumeIds = await deps.pagesRepository.volumeIdsByNumber({ caseId });
  const effective = pages.map(effectivePage).filter((p) => p.status === 'DONE');
  const byId = new Map(effective.map((p) => [p.id, p]));
  // Page ids, not file names, identify pages here: two volumes may hold files of the same name.
  const input: StructurePage[] = effective.map((p) => ({
    ref: p.id,
    volume: p.volume,
    text: p.isBlank ? '' : (textById.get(p.id) ?? ''),
    isBlank: p.isBlank,
    butLuc: p.butLuc,
  }));
  const boundaries = boundariesFromEdits(edits);
  const { documents } = await deps.pageProcessor.structureCase({
    pages: input,
    caseKind,
    catalogue: { types: DOCUMENT_TYPES, person_roles: PERSON_ROLES },
    boundaries,
  });
  const humanStarts = new Set(boundaries.starts);
  const humanContinues = new Set(boundaries.continues);
  type Draft = ReviewableDocument & { structured: StructuredDocument };
  const drafts: Draft[] = documents.map((d) => ({
    structured: d,
    anchorPageId: d.firstPage,
    typeCode: d.type,
    title: d.title,
    number: d.number,
    issuedOn: d.date,
    issuer: d.issuer,
    signer: d.signer?.name ?? null,
    notes: null,
    sectionCode: null,
    persons: d.persons,
    edited:
      humanStarts.has(d.firstPage) || d.pageRefs.some((r) => humanContinues.has(r))
        ? ['boundaries']
        : [],
  }));
  const { documents: reviewed, notApplied } = applyReviewEdits({ documents: drafts, edits });
  const rows = reviewed.map((d, position): NewDocument => {
    const s = d.structured;
    const first = byId.get(s.firstPage)!;
    const last = byId.get(s.lastPage)!;
    const butLucs = s.pageRefs
      .map((r) => byId.get(r)?.butLuc)
      .filter((b): b is number => typeof b === 'number');
    const typeEdited = d.edited.includes('type');
    return {
      id: documentIdOf(d.anchorPageId),
      anchorPageId: d.anchorPageId,
      volumeId: volumeIds.get(first.volume)!,
      position,
      firstSeq: first.seq,
      lastSeq: last.seq,
      butLucFrom: butLucs.length ? Math.min(...butLucs) : null,
      butLucTo: butLucs.length ? Math.max(...butLucs) : null,
      typeCode: d.typeCode,
      typeConfidence: typeEdited ? 1 : s.typeConfidence,
      sectionCode:
        d.sectionCode ??
        sectionFor({
          typeCode: d.typeCode,
          caseKind,
          ...(s.declarant?.role ? { personRole: s.declarant.role } : {}),
        }),
      title: d.title,
      number: d.number,
      issuedOn: d.issuedOn,
      issuer: d.issuer,
      signer: d.signer,
      signerTitle: d.edited.includes('signer')
        ? null
        : s.signer
          ? [s.signer.authority, s.signer.title].filter(Boolean).join(' ') || null
          : null,
      notes: d.notes,
      persons: d.persons,
      origin: d.edited.length > 0 ? 'HUMAN' : 'AUTO',
      metadata: {
        pageIds: s.pageRefs,
        pageRefs: s.pageRefs.map((r) => {
          const p = byId.get(r)!;
          return pageRefOf(p.fileName, p.sourceIndex);
        }),
        reasons: s.reasons,
        declarant: s.declarant,
        timeRange: s.timeRange,
        edited: d.edited,
        automatic: typeEdited ? { type: s.type, typeConfidence: s.typeConfidence } : undefined,
      },
    };
  });
  return { rows, notApplied };
}

/** Why a document deserves a reviewer's look (codes; the client words them). */
function reviewFlags(d: {
  type_code: string;
  type_confidence: number | null;
  issued_on: unknown;
  origin: string;
  metadata: { reasons?: string[]; edited?: string[] };
}): string[] {
  const flags: string[] = [];
  const edited = d.metadata.edited ?? [];
  if (!edited.includes('type')) {
    if (d.type_code === FALLBACK_TYPE) {
      flags.push('type_unknown');
    } else if ((d.type_confidence ?? 0) < LOW_CONFIDENCE) {
      flags.push('type_uncertain');
    }
  }
  if (!edited.includes('date') && (d.metadata.reasons ?? []).some((r) => r.includes('date line'))) {
    flags.push('date_unreadable');
  }
  return flags;
}

/** The structure as a prosecutor reads it: sections in catalogue order, documents with their ranges. */
export async function getCaseStructure({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor | null;
  caseId: string;
  context: RequestContext;
  deps: DocumentsDeps;
}) {
  if (actor) {
    await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  }
  const { documents } = await deps.documentsRepository.listByCase({ caseId });
  const sectionOrder = new Map(SECTIONS.map((s) => [s.code, s]));
  const usedSections = [...new Set(documents.map((d) => d.section_code ?? 'CHUNG_CHUA_PHAN_LOAI'))];
  const sections = usedSections
    .map((code) => sectionOrder.get(code) ?? sectionOrder.get('CHUNG_CHUA_PHAN_LOAI')!)
    .filter((s, i, all) => all.findIndex((x) => x.code === s.code) === i)
    .sort((a, b) => a.order - b.order)
    .map((s) => ({
      code: s.code,
      name: { vi: s.name_vi, en: s.name_en },
      documents: documents
        .filter(
          (d) =>
            (sectionOrder.has(d.section_code ?? '') ? d.section_code : 'CHUNG_CHUA_PHAN_LOAI') ===
            s.code,
        )
        .map((d) => {
          const type = documentTypeOf(d.type_code);
          const metadata = d.metadata as {
            pageIds?: string[];
            pageRefs?: string[];
            persons?: Array<{ name: string; role: string }>;
            reasons?: string[];
            edited?: string[];
            declarant?: { name: string; role: string | null } | null;
            timeRange?: { start: string; end: string | null } | null;
          };
          return {
            id: d.id,
            volume: d.volume,
            position: d.position,
            type: {
              code: d.type_code,
              name: type
                ? { vi: type.name_vi, en: type.name_en }
                : { vi: 'Tài liệu khác', en: 'Other document' },
              confidence: d.type_confidence,
            },
            title: d.title,
            number: d.number,
            date: isoDateOf(d.issued_on),
            issuer: d.issuer,
            signer: d.signer,
            signerTitle: d.signer_role,
            declarant: metadata.declarant ?? null,
            timeRange: metadata.timeRange ?? null,
            notes: d.notes,
            butLucFrom: d.but_luc_from,
            butLucTo: d.but_luc_to,
            pages: metadata.pageRefs ?? [],
            pageIds: metadata.pageIds ?? [],
            persons: metadata.persons ?? [],
            origin: d.origin as 'AUTO' | 'HUMAN',
            edited: metadata.edited ?? [],
            review: reviewFlags({ ...d, metadata }),
            reasons: metadata.reasons ?? [],
          };
        }),
    }));
  return { structure: { sections, documentCount: documents.length } };
}

type CaseDocumentRow = Awaited<ReturnType<DocumentsRepository['listByCase']>>['documents'][number];

const pageIdsOf = (d: CaseDocumentRow) => (d.metadata as { pageIds?: string[] }).pageIds ?? [];
const anchorOf = (d: CaseDocumentRow) => d.anchor_page_id ?? pageIdsOf(d)[0] ?? '';

/** Turns a reviewer's correction into its stored form, refusing what cannot apply to the structure now. */
function toStoredEdit({
  edit,
  documents,
  caseKind,
}: {
  edit: StructureEdit;
  documents: readonly CaseDocumentRow[];
  caseKind: string;
}): { stored: StoredStructureEdit; targetId: string | null } {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const documentOrThrow = (id: string) => {
    const d = byId.get(id);
    if (!d) {
      throw createDocumentNotFoundError();
    }
    return d;
  };
  // Scan order, per volume: what "adjacent" and "the document before" mean.
  const scan = [...documents].sort((a, b) => a.volume - b.volume || a.first_seq - b.first_seq);
  const previousOf = (d: CaseDocumentRow) => {
    const i = scan.indexOf(d);
    const prev = i > 0 ? scan[i - 1] : undefined;
    return prev && prev.volume === d.volume ? prev : undefined;
  };
  switch (edit.op) {
    case 'split': {
      const owner = documents.find((d) => pageIdsOf(d).includes(edit.pageId));
      if (!owner || pageIdsOf(owner)[0] === edit.pageId) {
        throw createNotSplittableError();
      }
      return { stored: { op: 'split', pageId: edit.pageId }, targetId: owner.id };
    }
    case 'merge': {
      const docs = [...new Set(edit.documentIds)].map(documentOrThrow);
      docs.sort((a, b) => scan.indexOf(a) - scan.indexOf(b));
      for (let i = 1; i < docs.length; i++) {
        if (previousOf(docs[i]!) !== docs[i - 1]) {
          throw createNotAdjacentError();
        }
      }
      if (docs.length < 2) {
        throw createNotAdjacentError();
      }
      return {
        stored: { op: 'merge', pageIds: docs.slice(1).map(anchorOf) },
        targetId: docs[0]!.id,
      };
    }
    case 'moveBoundary': {
      const doc = documentOrThrow(edit.documentId);
      const prev = previousOf(doc);
      const own = pageIdsOf(doc);
      const before = prev ? pageIdsOf(prev).slice(1) : [];
      // Later within itself needs a document before to take the pages; earlier takes them from it.
      const allowed = prev ? [...before, ...own.slice(1)] : [];
      if (!allowed.includes(edit.toPageId)) {
        throw createBoundaryOutOfRangeError();
      }
      return {
        stored: { op: 'moveBoundary', fromPageId: anchorOf(doc), toPageId: edit.toPageId },
        targetId: doc.id,
      };
    }
    case 'setType': {
      const doc = documentOrThrow(edit.documentId);
      if (edit.typeCode !== FALLBACK_TYPE && !documentTypeOf(edit.typeCode)) {
        throw createUnknownTypeError();
      }
      return {
        stored: { op: 'setType', anchorPageId: anchorOf(doc), typeCode: edit.typeCode },
        targetId: doc.id,
      };
    }
    case 'editMetadata': {
      const doc = documentOrThrow(edit.documentId);
      const { sectionCode, persons } = edit.fields;
      if (sectionCode !== undefined) {
        const section = SECTIONS.find((s) => s.code === sectionCode);
        if (!section || !section.case_kinds.includes(caseKind)) {
          throw createUnknownSectionError();
        }
      }
      if (persons?.some((p) => !isPersonRoleCode(p.role))) {
        throw createUnknownRoleError();
      }
      return {
        stored: { op: 'editMetadata', anchorPageId: anchorOf(doc), fields: edit.fields },
        targetId: doc.id,
      };
    }
    case 'reorder': {
      const doc = documentOrThrow(edit.documentId);
      const after = edit.afterDocumentId === null ? null : documentOrThrow(edit.afterDocumentId);
      if (after === doc) {
        throw createBoundaryOutOfRangeError();
      }
      return {
        stored: {
          op: 'reorder',
          anchorPageId: anchorOf(doc),
          afterAnchorPageId: after ? anchorOf(after) : null,
        },
        targetId: doc.id,
      };
    }
  }
}

/**
 * A reviewer's correction of the structure (split, merge, move a boundary, change type, edit
 * metadata, reorder): recorded in the edit log, applied at once by re-running structuring (the
 * same replay every later run does), audited.
 */
export async function editStructure({
  actor,
  caseId,
  edit,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  edit: StructureEdit;
  context: RequestContext;
  deps: DocumentsDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { documents } = await deps.documentsRepository.listByCase({ caseId });
  const { stored, targetId } = toStoredEdit({ edit, documents, caseKind: found.kind });
  const editId = generateId({ prefix: 'edt' });
  await deps.documentsRepository.insertEdit({
    id: editId,
    caseId,
    operation: stored.op,
    targetId,
    payload: stored,
    createdBy: actor.userId,
  });
  await deps.auditRepository.record({
    event: {
      action: 'structure.edited',
      actor,
      targetKind: 'document',
      targetId: targetId ?? undefined,
      caseId,
      unitId: found.unitId,
      context,
      details: { editId, edit },
    },
  });
  await reopenAfterChange({ actor, caseId, reason: 'structure.edited', context, deps });
  await structureCase({ caseId, deps });
  return { editId, ...(await getCaseStructure({ actor: null, caseId, context, deps })) };
}

/** The edit log of a case's structure, oldest first, with who made each edit and whether it still applies. */
export async function listStructureEdits({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: DocumentsDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  const { edits } = await deps.documentsRepository.listEdits({ caseId, includeReverted: true });
  return {
    edits: edits.map((e) => ({
      id: e.id,
      op: e.operation,
      targetDocumentId: e.target_id,
      payload: e.payload,
      createdAt: new Date(e.created_at).toISOString(),
      createdBy: e.created_by
        ? { id: e.created_by, username: e.created_by_username, fullName: e.created_by_name }
        : null,
      revertedAt: e.reverted_at ? new Date(e.reverted_at).toISOString() : null,
    })),
  };
}

/** Undoes one correction (kept in the log as reverted) and re-applies the others. Audited. */
export async function revertStructureEdit({
  actor,
  caseId,
  editId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  editId: string;
  context: RequestContext;
  deps: DocumentsDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { edit } = await deps.documentsRepository.getEdit({ caseId, editId });
  if (!edit) {
    throw createEditNotFoundError();
  }
  if (edit.reverted_at) {
    throw createAlreadyRevertedError();
  }
  await deps.documentsRepository.revertEdit({ editId, revertedBy: actor.userId });
  await deps.auditRepository.record({
    event: {
      action: 'structure.edit_reverted',
      actor,
      targetKind: 'document',
      targetId: edit.target_id ?? undefined,
      caseId,
      unitId: found.unitId,
      context,
      details: { editId, operation: edit.operation },
    },
  });
  await reopenAfterChange({ actor, caseId, reason: 'structure.edit_reverted', context, deps });
  await structureCase({ caseId, deps });
  return getCaseStructure({ actor: null, caseId, context, deps });
}
