import { documentTypeOf, DOCUMENT_TYPES, sectionFor, SECTIONS } from '@sohoa/contracts';
import type { StructurePage, StructuredDocument } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import { effectivePage } from '../pages/pages.usecases.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { DocumentsRepository, NewDocument } from './documents.repository.ts';

export interface DocumentsDeps extends CasesDeps {
  pagesRepository: PagesRepository;
  documentsRepository: DocumentsRepository;
  pageProcessor: PageProcessor;
}

/** A `date` column as ISO yyyy-mm-dd (PGlite and node-postgres both give a Date; text is tolerated). */
export const isoDateOf = (value: Date | string | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);

/** `file#index` page refs: stable across re-processing (the evaluation format uses them too). */
export const pageRefOf = (fileName: string, sourceIndex: number) =>
  `${fileName.split(' › ').pop()!.split('/').pop()!}#${sourceIndex + 1}`;

/**
 * Splits the processed pages of a case into documents, classifies them against the catalogue,
 * extracts their metadata and places them in sections, replacing the previous automatic result.
 * The heavy part runs in the worker pool.
 */
export async function structureCase({ caseId, deps }: { caseId: string; deps: DocumentsDeps }) {
  const { case: found } = await deps.casesRepository.getById({ caseId });
  if (!found) {
    return { documents: 0 };
  }
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId });
  const textById = new Map(texts.map((t) => [t.id, t.ocr_text ?? '']));
  const volumeIds = await deps.pagesRepository.volumeIdsByNumber({ caseId });
  const effective = pages.map(effectivePage).filter((p) => p.status === 'DONE');
  const byRef = new Map(effective.map((p) => [pageRefOf(p.fileName, p.sourceIndex), p]));
  const input: StructurePage[] = effective.map((p) => ({
    ref: pageRefOf(p.fileName, p.sourceIndex),
    volume: p.volume,
    text: p.isBlank ? '' : (textById.get(p.id) ?? ''),
    isBlank: p.isBlank,
    butLuc: p.butLuc,
  }));
  const { documents } = await deps.pageProcessor.structureCase({
    pages: input,
    caseKind: found.kind,
    catalogue: { types: DOCUMENT_TYPES },
  });
  const rows: NewDocument[] = documents.map((d: StructuredDocument, position: number) => {
    const first = byRef.get(d.firstPage)!;
    const last = byRef.get(d.lastPage)!;
    const butLucs = d.pageRefs
      .map((r) => byRef.get(r)?.butLuc)
      .filter((b): b is number => typeof b === 'number');
    return {
      volumeId: volumeIds.get(first.volume)!,
      position,
      firstSeq: first.seq,
      lastSeq: last.seq,
      butLucFrom: butLucs.length ? Math.min(...butLucs) : null,
      butLucTo: butLucs.length ? Math.max(...butLucs) : null,
      typeCode: d.type,
      typeConfidence: d.typeConfidence,
      sectionCode: sectionFor({ typeCode: d.type, caseKind: found.kind }),
      title: d.title,
      number: d.number,
      issuedOn: d.date,
      issuer: d.issuer,
      metadata: { pageRefs: d.pageRefs, persons: d.persons, reasons: d.reasons },
    };
  });
  await deps.documentsRepository.replaceAutomatic({ caseId, documents: rows });
  return { documents: rows.length };
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
  const sections = SECTIONS.filter((s) => documents.some((d) => d.section_code === s.code))
    .sort((a, b) => a.order - b.order)
    .map((s) => ({
      code: s.code,
      name: { vi: s.name_vi, en: s.name_en },
      documents: documents
        .filter((d) => d.section_code === s.code)
        .map((d) => {
          const type = documentTypeOf(d.type_code);
          const metadata = d.metadata as {
            pageRefs?: string[];
            persons?: Array<{ name: string; role: string }>;
          };
          return {
            id: d.id,
            volume: d.volume,
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
            butLucFrom: d.but_luc_from,
            butLucTo: d.but_luc_to,
            pages: metadata.pageRefs ?? [],
            persons: metadata.persons ?? [],
          };
        }),
    }));
  return { structure: { sections, documentCount: documents.length } };
}
