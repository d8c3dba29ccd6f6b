import {
  DEADLINES,
  PERSON_ROLES,
  TIMELINE_DOCUMENT_TYPES,
  type CaseTimeline,
  type ProcedureSettingsBody,
} from '@sohoa/contracts';
import {
  computeTimeline,
  extractCharges,
  inferCrimeCategory,
  mergeCaseCharges,
  type CategoryText,
  type TimelineDocument,
} from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { recordCaseEvent, type CasesDeps } from '../cases/cases.usecases.ts';
import type { DocumentsRepository } from '../documents/documents.repository.ts';
import { isoDateOf } from '../documents/documents.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { TimelineRepository } from './timeline.repository.ts';

export interface TimelineDeps extends CasesDeps {
  documentsRepository: DocumentsRepository;
  pagesRepository: PagesRepository;
  timelineRepository: TimelineRepository;
}

/** Documents that state the charges (tội danh, điều khoản) of the accused. */
const CHARGE_DOCUMENTS = new Set([
  'QD_KHOI_TO_VU_AN',
  'QD_KHOI_TO_BI_CAN',
  'QD_THAY_DOI_KHOI_TO_BI_CAN',
  'QD_PHE_CHUAN_KHOI_TO_BI_CAN',
  'BAN_KET_LUAN_DIEU_TRA',
  'CAO_TRANG',
]);
const DEFAULT_NEAR_WORKING_DAYS = 3;

type DocumentRow = Awaited<ReturnType<DocumentsRepository['listByCase']>>['documents'][number];

/** A stored document as the timeline engine reads it. */
export function toTimelineDocument(row: DocumentRow, position: number): TimelineDocument {
  const metadata = row.metadata as {
    persons?: Array<{ name: string; role: string }>;
    declarant?: { name: string; role: string | null } | null;
  };
  return {
    id: row.id,
    typeCode: row.type_code,
    date: isoDateOf(row.issued_on),
    number: row.number,
    title: row.title,
    volume: row.volume,
    position,
    butLucFrom: row.but_luc_from,
    butLucTo: row.but_luc_to,
    persons: (metadata.persons ?? []).filter((p) => typeof p?.name === 'string' && p.name.trim()),
    declarant: typeof metadata.declarant?.name === 'string' ? metadata.declarant : null,
  };
}

/** The OCR text of each charge-bearing document (its pages joined in order). */
async function chargeTexts({
  caseId,
  rows,
  deps,
}: {
  caseId: string;
  rows: DocumentRow[];
  deps: TimelineDeps;
}): Promise<CategoryText[]> {
  const wanted = rows.filter((r) => CHARGE_DOCUMENTS.has(r.type_code));
  if (wanted.length === 0) {
    return [];
  }
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId });
  const textById = new Map(texts.map((t) => [t.id, t.ocr_text ?? '']));
  return wanted.map((d) => ({
    documentId: d.id,
    text: pages
      .filter((p) => p.volume === d.volume && p.seq >= d.first_seq && p.seq <= d.last_seq)
      .map((p) => textById.get(p.id) ?? '')
      .join('\n'),
  }));
}

/**
 * The procedural timeline of a case: dated documents in order, the charges found, the crime
 * category with the rule that decided it, and every deadline clock with its status.
 */
export async function getCaseTimeline({
  actor,
  caseId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: TimelineDeps;
  now?: Date;
}): Promise<{ timeline: CaseTimeline }> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  await recordCaseEvent({
    action: 'case.read',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { view: 'timeline' },
  });
  const { documents: rows } = await deps.documentsRepository.listByCase({ caseId });
  const { settings } = await deps.timelineRepository.getSettings({ caseId });
  const texts = await chargeTexts({ caseId, rows, deps });
  const charges = [
    ...mergeCaseCharges({
      charges: texts.flatMap((t) =>
        extractCharges({ text: t.text }).charges.map(({ offset: _offset, ...c }) => ({
          ...c,
          documentId: t.documentId,
        })),
      ),
    }).charges.map((c) => ({ ...c, source: 'document' as const })),
    ...found.charges.map((c) => ({
      name: c.name,
      article: c.article,
      clause: c.clause ? Number.parseInt(c.clause, 10) || null : null,
      point: c.clause?.match(/[a-zđ]$/i)?.[0] ?? null,
      code: 'BLHS' as const,
      source: 'case' as const,
      documentIds: [],
      evidence: null,
    })),
  ];
  const decision = inferCrimeCategory({
    override: settings.crimeCategory,
    texts,
    categories: DEADLINES.crime_categories,
    article: DEADLINES.crime_category_rule.article,
  });
  const category = DEADLINES.crime_categories.find((c) => c.code === decision.category);
  const today = now.toISOString().slice(0, 10);
  const nearWorkingDays = settings.nearWorkingDays ?? DEFAULT_NEAR_WORKING_DAYS;
  const result = computeTimeline({
    documents: rows.map(toTimelineDocument),
    caseKind: found.kind,
    crimeCategory: decision.category,
    deadlines: DEADLINES,
    types: TIMELINE_DOCUMENT_TYPES,
    personRoles: PERSON_ROLES,
    today,
    nearWorkingDays,
  });
  return {
    timeline: {
      caseKind: found.kind,
      today,
      nearWorkingDays,
      charges,
      crimeCategory: {
        ...decision,
        name: category ? { vi: category.name_vi, en: category.name_en } : null,
      },
      ...result,
    },
  };
}

/** Sets the crime category override and the "near" threshold of a case; audited. */
export async function updateProcedureSettings({
  actor,
  caseId,
  body,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  body: ProcedureSettingsBody;
  context: RequestContext;
  deps: TimelineDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { settings: before } = await deps.timelineRepository.getSettings({ caseId });
  const { settings } = await deps.timelineRepository.saveSettings({
    caseId,
    changes: body,
    updatedBy: actor.userId,
  });
  await recordCaseEvent({
    action: 'case.procedure_updated',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: {
      before: { crimeCategory: before.crimeCategory, nearWorkingDays: before.nearWorkingDays },
      after: { crimeCategory: settings.crimeCategory, nearWorkingDays: settings.nearWorkingDays },
    },
  });
  return {
    settings: {
      crimeCategory: settings.crimeCategory,
      nearWorkingDays: settings.nearWorkingDays,
      updatedAt: settings.updatedAt ? new Date(settings.updatedAt).toISOString() : null,
    },
  };
}
