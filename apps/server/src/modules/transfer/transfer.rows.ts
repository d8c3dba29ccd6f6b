import { IMPORTED_AUTHORS_KEY, type ManifestBody, type PageLine } from './transfer.manifest.ts';
import type { TransferRepository } from './transfer.repository.ts';

/* Database rows → manifest shapes (pure). Timestamps as ISO strings, users as names. */

type Rows<K extends keyof TransferRepository> = Awaited<ReturnType<TransferRepository[K]>>;
type PersonRef = { username: string; fullName: string } | null;

export const isoOf = (value: Date | string) => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null) => (value === null ? null : isoOf(value));
/** A `date` column as yyyy-mm-dd (drivers give a Date at UTC midnight or a string). */
const dateOf = (value: Date | string | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);
const personOf = (username: string | null, fullName: string | null): PersonRef =>
  username === null ? null : { username, fullName: fullName ?? username };
const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

const SHA_OF_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;
/** The SHA-256 a content-addressed blob key names (null for a key of another shape). */
export const sha256OfKey = (key: string | null) =>
  key ? (SHA_OF_KEY.exec(key)?.[1] ?? null) : null;

export function caseOf(
  found: NonNullable<Rows<'getCaseForExport'>['found']>,
): ManifestBody['case'] {
  const { row, parties, assignees } = found;
  return {
    id: row.id,
    nationalCode: row.national_code,
    internalNumber: row.internal_number,
    kind: row.kind,
    title: row.title,
    charges: row.charges,
    stage: row.stage,
    confidentiality: row.confidentiality,
    digitizationStatus: row.digitization_status,
    searchText: row.search_text,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
    createdBy: personOf(row.creator_username, row.creator_name),
    parties: parties.map((p) => ({
      id: p.id,
      position: p.position,
      fullName: p.full_name,
      roleCode: p.role_code,
    })),
    assignees: assignees.map((a) => ({ username: a.username, fullName: a.full_name })),
  };
}

export const volumesOf = (rows: Rows<'listVolumes'>): ManifestBody['volumes'] =>
  rows.map((v) => ({ id: v.id, number: v.number, title: v.title, createdAt: isoOf(v.created_at) }));

export const sourcesOf = (rows: Rows<'listSources'>): ManifestBody['sources'] =>
  rows.map((s) => ({
    id: s.id,
    volumeId: s.volume_id,
    sha256: s.sha256,
    originalName: s.original_name,
    mediaType: s.media_type,
    sizeBytes: Number(s.size_bytes),
    pageCount: s.page_count,
    status: s.status,
    errorCode: s.error_code,
    errorMessage: s.error_message,
    firstSeq: s.first_seq,
    kind: s.kind,
    splitDoneAt: isoOrNull(s.split_done_at),
    parentName: s.parent_name,
    createdAt: isoOf(s.created_at),
    uploadedBy: personOf(s.uploader_username, s.uploader_name),
  }));

export function documentsOf({
  documents,
  persons,
}: Rows<'listDocuments'>): ManifestBody['documents'] {
  return documents.map((d) => ({
    id: d.id,
    volumeId: d.volume_id,
    anchorPageId: d.anchor_page_id,
    position: d.position,
    firstSeq: d.first_seq,
    lastSeq: d.last_seq,
    butLucFrom: d.but_luc_from,
    butLucTo: d.but_luc_to,
    typeCode: d.type_code,
    typeConfidence: numberOrNull(d.type_confidence),
    sectionCode: d.section_code,
    title: d.title,
    number: d.number,
    issuedOn: dateOf(d.issued_on),
    issuer: d.issuer,
    signer: d.signer,
    signerRole: d.signer_role,
    metadata: d.metadata,
    origin: d.origin,
    notes: d.notes,
    createdAt: isoOf(d.created_at),
    updatedAt: isoOf(d.updated_at),
    persons: persons
      .filter((p) => p.document_id === d.id)
      .map((p) => ({ position: p.position, fullName: p.full_name, roleCode: p.role_code })),
  }));
}

/**
 * The edit log with authors by name. An edit imported earlier has no local author: its original
 * authors, kept in the payload at import, are given back, so a re-export reads as the first one.
 */
export const editsOf = (rows: Rows<'listEdits'>): ManifestBody['edits'] =>
  rows.map((e) => {
    const { [IMPORTED_AUTHORS_KEY]: imported, ...payload } = e.payload as Record<
      string,
      unknown
    > & {
      [IMPORTED_AUTHORS_KEY]?: { createdBy: PersonRef; revertedBy: PersonRef };
    };
    return {
      id: e.id,
      targetKind: e.target_kind,
      targetId: e.target_id,
      operation: e.operation,
      payload,
      createdAt: isoOf(e.created_at),
      createdBy: personOf(e.author_username, e.author_name) ?? imported?.createdBy ?? null,
      revertedAt: isoOrNull(e.reverted_at),
      revertedBy: personOf(e.reverter_username, e.reverter_name) ?? imported?.revertedBy ?? null,
    };
  });

export const annotationsOf = (rows: Rows<'listAnnotations'>): ManifestBody['annotations'] =>
  rows.map((a) => ({
    id: a.id,
    pageId: a.page_id,
    documentId: a.document_id,
    kind: a.kind,
    region: a.region,
    body: a.body,
    color: a.color,
    visibility: a.visibility,
    createdAt: isoOf(a.created_at),
    updatedAt: isoOf(a.updated_at),
    deletedAt: isoOrNull(a.deleted_at),
    author: personOf(a.author_username, a.author_name),
  }));

export const mapsOf = (rows: Rows<'listMaps'>): ManifestBody['maps'] =>
  rows.map((m) => ({
    id: m.id,
    title: m.title,
    document: m.document,
    version: m.version,
    createdAt: isoOf(m.created_at),
    updatedAt: isoOf(m.updated_at),
    deletedAt: isoOrNull(m.deleted_at),
    createdBy: personOf(m.creator_username, m.creator_name),
  }));

export const exhibitsOf = (rows: Rows<'listExhibits'>): ManifestBody['exhibits'] =>
  rows.map((e) => {
    const mediaSha = sha256OfKey(e.media_blob_key);
    return {
      id: e.id,
      position: e.position,
      kind: e.kind,
      label: e.label,
      notes: e.notes,
      pageId: e.page_id,
      secondPageId: e.second_page_id,
      rect: e.rect,
      media:
        mediaSha && e.media_content_type
          ? {
              sha256: mediaSha,
              contentType: e.media_content_type,
              sizeBytes: Number(e.media_size_bytes ?? 0),
              fileName: e.media_file_name,
            }
          : null,
      createdAt: isoOf(e.created_at),
      updatedAt: isoOf(e.updated_at),
      createdBy: personOf(e.creator_username, e.creator_name),
    };
  });

type PageRow =
  Rows<'iteratePages'> extends AsyncGenerator<infer B>
    ? B extends Array<infer R>
      ? R
      : never
    : never;

export function pageLineOf(p: PageRow): PageLine {
  return {
    id: p.id,
    volumeId: p.volume_id,
    sourceFileId: p.source_file_id,
    sourceIndex: p.source_index,
    seq: p.seq,
    status: p.status,
    originalSha256: sha256OfKey(p.original_blob_key),
    uprightSha256: sha256OfKey(p.upright_blob_key),
    widthPx: p.width_px,
    heightPx: p.height_px,
    uprightWidthPx: p.upright_width_px,
    uprightHeightPx: p.upright_height_px,
    dpi: p.dpi,
    rotation: p.rotation,
    skewDegrees: numberOrNull(p.skew_degrees),
    isBlank: p.is_blank,
    butLuc: p.but_luc,
    butLucSuffix: p.but_luc_suffix,
    butLucRaw: p.but_luc_raw,
    butLucConfidence: numberOrNull(p.but_luc_confidence),
    butLucSource: p.but_luc_source,
    manual: p.manual as Record<string, unknown>,
    hasTextLayer: p.has_text_layer,
    ocrEngine: p.ocr_engine,
    ocrText: p.ocr_text,
    ocrWords: p.ocr_words,
    ocrConfidence: numberOrNull(p.ocr_confidence),
    errorCode: p.error_code,
    errorMessage: p.error_message,
    processedAt: isoOrNull(p.processed_at),
    createdAt: isoOf(p.created_at),
    updatedAt: isoOf(p.updated_at),
  };
}
