import type { Case, CaseIndex, CaseIndexFormat } from '@sohoa/contracts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { recordCaseEvent } from '../cases/cases.usecases.ts';
import type { DocumentsDeps } from '../documents/documents.usecases.ts';
import { getCaseStructure } from '../documents/documents.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { VolumesRepository } from '../volumes/volumes.repository.ts';
import { renderCaseIndexDocx } from './case-index.docx.ts';
import { buildCaseIndex } from './case-index.models.ts';
import { renderCaseIndexXlsx } from './case-index.xlsx.ts';

export interface CaseIndexDeps extends DocumentsDeps {
  volumesRepository: VolumesRepository;
}

type Language = 'vi' | 'en';

export const CASE_INDEX_CONTENT_TYPES: Record<CaseIndexFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The index of a case the actor may read: its structure (sections → documents) with the unit, the
 * volumes and the case header, as data (see `buildCaseIndex`).
 */
export async function getCaseIndex({
  actor,
  caseId,
  language = 'vi',
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  language?: Language;
  context: RequestContext;
  deps: CaseIndexDeps;
  now?: Date;
}): Promise<{ index: CaseIndex; case: Case }> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  // Access is checked above; the structure is read without a second check.
  const { structure } = await getCaseStructure({ actor: null, caseId, context, deps });
  const { unit } = await deps.unitsRepository.getById({ unitId: found.unitId });
  const parent = unit?.parentId
    ? (await deps.unitsRepository.getById({ unitId: unit.parentId })).unit
    : null;
  const { volumes } = await deps.volumesRepository.listByCase({ caseId });
  const { index } = buildCaseIndex({
    caseInfo: found,
    unit: { name: unit?.name ?? '', parentName: parent?.name ?? null },
    volumes,
    structure,
    language,
    now,
  });
  return { index, case: found };
}

/**
 * The index as a DOCX or XLSX file, with a download name built from the case code. Each export
 * is audited ('case.index.exported', with the format and the number of rows).
 */
export async function exportCaseIndex({
  actor,
  caseId,
  format,
  language = 'vi',
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  format: CaseIndexFormat;
  language?: Language;
  context: RequestContext;
  deps: CaseIndexDeps;
  now?: Date;
}) {
  const { index, case: found } = await getCaseIndex({
    actor,
    caseId,
    language,
    context,
    deps,
    now,
  });
  const render = format === 'docx' ? renderCaseIndexDocx : renderCaseIndexXlsx;
  const { bytes } = await render({ index });
  await recordCaseEvent({
    action: 'case.index.exported',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { format, language, documents: index.totals.documents },
  });
  return {
    bytes,
    contentType: CASE_INDEX_CONTENT_TYPES[format],
    fileName: caseIndexFileName({ index, format }),
  };
}

/** "Thống kê tài liệu HS-2021-0042.docx" (the case code, else the case id). */
export function caseIndexFileName({
  index,
  format,
}: {
  index: CaseIndex;
  format: CaseIndexFormat;
}) {
  const base = index.language === 'vi' ? 'Thống kê tài liệu' : 'Case index';
  return `${base} ${index.header.case.code ?? index.header.case.id}.${format}`;
}

/**
 * `attachment` with an ASCII fallback name (diacritics folded, unsafe characters replaced) and the
 * exact UTF-8 name in `filename*` (RFC 6266 / RFC 5987), which every current browser prefers.
 */
export function contentDisposition({ fileName }: { fileName: string }) {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-(?=\.)/g, '');
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(
    /['()*!]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
