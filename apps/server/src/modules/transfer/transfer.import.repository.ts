import type { Transaction } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { IMPORTED_AUTHORS_KEY, type ManifestBody, type PageLine } from './transfer.manifest.ts';

/* The rows an import writes, inside the transaction TransferRepository.insertImportedCase opens. */

type Trx = Transaction<Database>;

/** What the import writes besides the pages (which stream in). Blob keys are already built. */
export interface ImportRows {
  unitId: string;
  actorUserId: string;
  manifest: ManifestBody;
  blobKeyOf: (sha256: string) => string;
  pages: AsyncIterable<PageLine[]>;
}

export async function insertCaseRows({ trx, rows }: { trx: Trx; rows: ImportRows }) {
  const { manifest, unitId, actorUserId, blobKeyOf } = rows;
  const c = manifest.case;
  await trx
    .insertInto('cases')
    .values({
      id: c.id,
      unit_id: unitId,
      national_code: c.nationalCode,
      internal_number: c.internalNumber,
      kind: c.kind,
      title: c.title,
      charges: JSON.stringify(c.charges),
      stage: c.stage,
      confidentiality: c.confidentiality,
      digitization_status: c.digitizationStatus,
      search_text: c.searchText,
      created_by: actorUserId,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .execute();
  if (c.parties.length > 0) {
    await trx
      .insertInto('case_parties')
      .values(
        c.parties.map((p) => ({
          id: p.id,
          case_id: c.id,
          position: p.position,
          full_name: p.fullName,
          role_code: p.roleCode,
        })),
      )
      .execute();
  }
  await trx
    .insertInto('case_assignments')
    .values({ case_id: c.id, user_id: actorUserId, assigned_by: actorUserId })
    .execute();
  for (const v of manifest.volumes) {
    await trx
      .insertInto('volumes')
      .values({
        id: v.id,
        case_id: c.id,
        number: v.number,
        title: v.title,
        created_at: v.createdAt,
      })
      .execute();
  }
  for (const s of manifest.sources) {
    await trx
      .insertInto('source_files')
      .values({
        id: s.id,
        case_id: c.id,
        volume_id: s.volumeId,
        sha256: s.sha256,
        blob_key: blobKeyOf(s.sha256),
        original_name: s.originalName,
        media_type: s.mediaType,
        size_bytes: s.sizeBytes,
        page_count: s.pageCount,
        status: s.status,
        error_code: s.errorCode,
        error_message: s.errorMessage,
        uploaded_by: null,
        created_at: s.createdAt,
        first_seq: s.firstSeq,
        kind: s.kind,
        split_done_at: s.splitDoneAt,
        parent_name: s.parentName,
      })
      .execute();
  }
}

export function pageValues({
  p,
  caseId,
  blobKeyOf,
}: {
  p: PageLine;
  caseId: string;
  blobKeyOf: (sha256: string) => string;
}) {
  return {
    id: p.id,
    case_id: caseId,
    volume_id: p.volumeId,
    source_file_id: p.sourceFileId,
    source_index: p.sourceIndex,
    seq: p.seq,
    status: p.status,
    original_blob_key: p.originalSha256 ? blobKeyOf(p.originalSha256) : null,
    upright_blob_key: p.uprightSha256 ? blobKeyOf(p.uprightSha256) : null,
    width_px: p.widthPx,
    height_px: p.heightPx,
    upright_width_px: p.uprightWidthPx,
    upright_height_px: p.uprightHeightPx,
    dpi: p.dpi,
    rotation: p.rotation,
    skew_degrees: p.skewDegrees,
    is_blank: p.isBlank,
    but_luc: p.butLuc,
    but_luc_suffix: p.butLucSuffix,
    but_luc_raw: p.butLucRaw,
    but_luc_confidence: p.butLucConfidence,
    but_luc_source: p.butLucSource,
    manual: JSON.stringify(p.manual),
    has_text_layer: p.hasTextLayer,
    ocr_engine: p.ocrEngine,
    ocr_text: p.ocrText,
    ocr_words: p.ocrWords === null ? null : JSON.stringify(p.ocrWords),
    ocr_confidence: p.ocrConfidence,
    error_code: p.errorCode,
    error_message: p.errorMessage,
    processed_at: p.processedAt,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export async function insertStructureRows({ trx, rows }: { trx: Trx; rows: ImportRows }) {
  const { manifest, actorUserId, blobKeyOf } = rows;
  const caseId = manifest.case.id;
  for (const d of manifest.documents) {
    await trx
      .insertInto('documents')
      .values({
        id: d.id,
        case_id: caseId,
        volume_id: d.volumeId,
        anchor_page_id: d.anchorPageId,
        position: d.position,
        first_seq: d.firstSeq,
        last_seq: d.lastSeq,
        but_luc_from: d.butLucFrom,
        but_luc_to: d.butLucTo,
        type_code: d.typeCode,
        type_confidence: d.typeConfidence,
        section_code: d.sectionCode,
        title: d.title,
        number: d.number,
        issued_on: d.issuedOn,
        issuer: d.issuer,
        signer: d.signer,
        signer_role: d.signerRole,
        metadata: JSON.stringify(d.metadata),
        origin: d.origin,
        notes: d.notes,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      })
      .execute();
    if (d.persons.length > 0) {
      await trx
        .insertInto('document_persons')
        .values(
          d.persons.map((p) => ({
            document_id: d.id,
            position: p.position,
            full_name: p.fullName,
            role_code: p.roleCode,
          })),
        )
        .execute();
    }
  }
  for (const e of manifest.edits) {
    // The authors are not users here: their names stay with the edit (listed, never replayed).
    const imported = { createdBy: e.createdBy, revertedBy: e.revertedBy };
    await trx
      .insertInto('human_edits')
      .values({
        id: e.id,
        case_id: caseId,
        target_kind: e.targetKind,
        target_id: e.targetId,
        operation: e.operation,
        payload: JSON.stringify({ ...e.payload, [IMPORTED_AUTHORS_KEY]: imported }),
        created_by: null,
        created_at: e.createdAt,
        reverted_at: e.revertedAt,
        reverted_by: null,
      })
      .execute();
  }
  for (const m of manifest.maps) {
    await trx
      .insertInto('case_maps')
      .values({
        id: m.id,
        case_id: caseId,
        title: m.title,
        document: JSON.stringify(m.document),
        version: m.version,
        created_by: actorUserId,
        updated_by: null,
        created_at: m.createdAt,
        updated_at: m.updatedAt,
        deleted_at: m.deletedAt,
      })
      .execute();
  }
  for (const e of manifest.exhibits) {
    await trx
      .insertInto('exhibits')
      .values({
        id: e.id,
        case_id: caseId,
        position: e.position,
        kind: e.kind,
        label: e.label,
        notes: e.notes,
        page_id: e.pageId,
        second_page_id: e.secondPageId,
        rect: e.rect === null ? null : JSON.stringify(e.rect),
        media_blob_key: e.media ? blobKeyOf(e.media.sha256) : null,
        media_content_type: e.media?.contentType ?? null,
        media_size_bytes: e.media?.sizeBytes ?? null,
        media_file_name: e.media?.fileName ?? null,
        created_by: actorUserId,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }
  for (const a of manifest.annotations) {
    await trx
      .insertInto('annotations')
      .values({
        id: a.id,
        case_id: caseId,
        page_id: a.pageId,
        document_id: a.documentId,
        author_id: actorUserId,
        kind: a.kind,
        region: a.region === null ? null : JSON.stringify(a.region),
        body: a.body,
        color: a.color,
        visibility: a.visibility,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
        deleted_at: a.deletedAt,
      })
      .execute();
  }
}
