import { buildCaseIndex } from '../case-index/case-index.models.ts';
import { romanNumeral } from '../case-index/case-index.labels.ts';
import type { VolumesRepository } from '../volumes/volumes.repository.ts';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import {
  buildExportManifest,
  buildIntegrityReport,
  discardPartialFile,
  GENERATOR,
  isProcessingError,
  samplePageIndexes,
  verifyCasePdf,
  writeCasePdf,
  type ExportAnnotation,
  type ExportManifest,
  type ExportPage,
  type PdfProfile,
  type WatermarkInfo,
  type WriteCasePdfResult,
} from '@sohoa/processing';
import type { Case } from '@sohoa/contracts';
import type { Writable } from 'node:stream';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import { recordCaseEvent } from '../cases/cases.usecases.ts';
import {
  getCaseStructure,
  pageRefOf,
  type DocumentsDeps,
} from '../documents/documents.usecases.ts';
import { effectivePage } from '../pages/pages.usecases.ts';
import { isDomainError } from '../shared/errors/errors.ts';
import { SYSTEM_CONTEXT, type RequestContext } from '../shared/request-context.ts';
import {
  createBadImageError,
  createManifestNotFoundError,
  createDiskFullError,
  createNoPagesError,
  createOcrUnfinishedError,
  createSourceMissingError,
  createVerificationFailedError,
  createWriteFailedError,
  pageIssue,
} from './exports.errors.ts';
import { streamExportPages } from './exports.pages.ts';
import { countSheets, planCasePdf, type PlannedPage } from './exports.plan.ts';
import type { ExportsRepository } from './exports.repository.ts';
import type { AnnotationsRepository } from '../annotations/annotations.repository.ts';

export interface ExportsDeps extends DocumentsDeps {
  volumesRepository: VolumesRepository;
  blobStore: BlobStore;
  exportsRepository: ExportsRepository;
  /** Exports are written under `<tempDir>/exports` (same file system: the final rename is atomic). */
  tempDir: string;
  /** Needed only to include annotations (`annotations: 'shared' | 'mine'`). */
  annotationsRepository?: AnnotationsRepository;
}

/** Which annotations a PDF carries: everyone's shared ones, the caller's own, or none. */
export type ExportAnnotationsMode = 'shared' | 'mine' | 'none';

const ANNOTATION_RGB: Record<string, [number, number, number]> = {
  yellow: [255, 235, 59],
  green: [102, 187, 106],
  blue: [100, 181, 246],
  pink: [240, 98, 146],
};

/** The annotations to draw, by page id: shared ones (all authors) or the actor's own. */
async function loadExportAnnotations({
  caseId,
  mode,
  actor,
  deps,
}: {
  caseId: string;
  mode: ExportAnnotationsMode;
  actor: Actor;
  deps: ExportsDeps;
}): Promise<Map<string, ExportAnnotation[]> | null> {
  if (mode === 'none' || !deps.annotationsRepository) {
    return null;
  }
  const { annotations } = await deps.annotationsRepository.listVisible({
    caseId,
    viewerId: actor.userId,
    ...(mode === 'shared' ? { visibility: 'TEAM' as const } : { authorId: actor.userId }),
  });
  const byPage = new Map<string, ExportAnnotation[]>();
  for (const a of annotations) {
    const region = (a.region ?? {}) as {
      rect?: { x: number; y: number; w: number; h: number };
      boxes?: Array<[number, number, number, number]>;
      point?: { x: number; y: number };
    };
    const boxes: Array<[number, number, number, number]> = region.rect
      ? [
          [
            region.rect.x,
            region.rect.y,
            region.rect.x + region.rect.w,
            region.rect.y + region.rect.h,
          ],
        ]
      : region.boxes
        ? region.boxes
        : region.point
          ? [[region.point.x, region.point.y, region.point.x, region.point.y]]
          : [];
    if (boxes.length === 0 || !a.page_id) {
      continue;
    }
    const list = byPage.get(a.page_id) ?? [];
    list.push({
      kind: a.kind === 'NOTE' ? 'note' : 'highlight',
      boxes,
      color: ANNOTATION_RGB[a.color ?? ''] ?? ANNOTATION_RGB.yellow!,
      text: a.body,
      author: a.author_name,
    });
    byPage.set(a.page_id, list);
  }
  return byPage;
}

/** One export of a case at a time in this process; the next waits for the file of the previous. */
const running = new Map<string, Promise<void>>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = running.get(key) ?? Promise.resolve();
  let release = () => undefined as void;
  const mine = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  running.set(key, mine);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (running.get(key) === mine) {
      running.delete(key);
    }
  }
}

/** The pages of the export as labelled and planned: corrections applied, covers and inferred bút lục. */
async function loadPlannedPages({
  caseId,
  volume,
  deps,
}: {
  caseId: string;
  volume: number | null;
  deps: ExportsDeps;
}) {
  const { pages: rows } = await deps.pagesRepository.listCasePages({ caseId });
  const pages = rows.map(effectivePage).filter((p) => volume === null || p.volume === volume);
  const report = buildIntegrityReport({
    pages: pages
      .filter((p) => p.status === 'DONE')
      .map((p) => ({
        id: p.id,
        volume: p.volume,
        seq: p.seq,
        isBlank: p.isBlank,
        butLuc: p.butLuc,
        source: p.butLucSource,
      })),
  });
  const covers = new Set(report.covers);
  const inferred = new Map(report.inferred.map((i) => [i.pageId, i.butLuc]));
  const planned: PlannedPage[] = pages.map((p) => ({
    id: p.id,
    ref: pageRefOf(p.fileName, p.sourceIndex),
    volume: p.volume,
    seq: p.seq,
    isBlank: p.isBlank,
    isCover: covers.has(p.id),
    butLuc: p.butLuc ?? inferred.get(p.id) ?? null,
  }));
  const pending = pages.filter((p) => p.status !== 'DONE' && p.status !== 'FAILED').length;
  const readable = pages.flatMap((p, i) =>
    p.status === 'DONE' && !p.isBlank && p.ocrConfidence !== null ? [i] : [],
  );
  return { planned, pending, readable };
}

/**
 * Writes the digital case file of a case (or one volume) to `<tempDir>/exports/`, through a temp
 * file renamed only once the PDF has been read back and matched what was meant (no partial or
 * unverified file is ever left under the final name). Refuses while OCR is unfinished unless
 * `force` (then the cover says "CHƯA HOÀN TẤT"). One export of a case at a time. Audited as
 * `case.pdf.exported`.
 */
export async function exportCasePdf({
  caseId,
  profile,
  volume = null,
  force = false,
  watermark = false,
  annotations: annotationsMode = 'none',
  actor,
  context,
  deps,
  now = new Date(),
}: {
  caseId: string;
  profile: PdfProfile;
  volume?: number | null;
  force?: boolean;
  /** A copy (bản sao) stamped on every page with the actor's name, unit and the time. */
  watermark?: boolean;
  /** Draw annotations as PDF highlights and notes: shared ones, the actor's own, or none. */
  annotations?: ExportAnnotationsMode;
  actor: Actor;
  context: RequestContext;
  deps: ExportsDeps;
  now?: Date;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'export',
    context,
    ...deps,
  });
  const stamp = watermark ? await watermarkFor({ actor, deps, now }) : null;
  const annotations = await loadExportAnnotations({ caseId, mode: annotationsMode, actor, deps });
  const done = await oneAtATime(caseId, () =>
    buildCasePdfFile({ found, profile, volume, force, watermark: stamp, annotations, deps, now }),
  );
  const stored = await storeManifest({
    caseId,
    manifest: done.manifest,
    createdBy: actor.userId,
    deps,
  });
  await recordCaseEvent({
    action: 'case.pdf.exported',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: {
      profile,
      volume,
      forced: done.incomplete,
      pages: done.pageCount,
      bytes: done.bytes,
      sha256: done.sha256,
      manifestSha256: stored.sha256,
      ...(annotations
        ? {
            annotations: {
              mode: annotationsMode,
              count: [...annotations.values()].reduce((n, list) => n + list.length, 0),
            },
          }
        : {}),
      ...(stamp
        ? {
            watermark: {
              fullName: stamp.fullName,
              unitName: stamp.unitName,
              at: stamp.at.toISOString(),
            },
          }
        : {}),
    },
  });
  return { export: { ...done, manifestSha256: stored.sha256 } };
}

/** Puts the manifest JSON in the blob store and records that it belongs to the case. */
async function storeManifest({
  caseId,
  manifest,
  createdBy,
  deps,
}: {
  caseId: string;
  manifest: ExportManifest;
  createdBy: string | null;
  deps: ExportsDeps;
}) {
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const { key, sha256 } = await deps.blobStore.put({ bytes });
  await deps.exportsRepository.recordManifest({
    caseId,
    sha256,
    blobKey: key,
    exportSha256: manifest.export.sha256,
    createdBy,
  });
  return { sha256 };
}

/**
 * The manifest `sha256` of an export of the case, as stored (bytes of the JSON). Read access to
 * the case is required; `export.manifest_not_found` when the case has no such manifest.
 */
export async function getExportManifest({
  caseId,
  sha256,
  actor,
  context,
  deps,
}: {
  caseId: string;
  sha256: string;
  actor: Actor;
  context: RequestContext;
  deps: ExportsDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  const { blobKey } = await deps.exportsRepository.findManifest({ caseId, sha256 });
  if (!blobKey) {
    throw createManifestNotFoundError();
  }
  const { bytes } = await deps.blobStore.getBytes({ key: blobKey });
  return { bytes };
}

/** The stamp of a copy: the actor's full name and unit name as stored, at `now`. */
async function watermarkFor({
  actor,
  deps,
  now,
}: {
  actor: Actor;
  deps: ExportsDeps;
  now: Date;
}): Promise<WatermarkInfo> {
  const { user } = await deps.usersRepository.getById({ userId: actor.userId });
  const { unit } = await deps.unitsRepository.getById({ unitId: actor.unitId });
  return {
    fullName: user?.fullName || actor.username,
    unitName: unit?.name ?? actor.unitId,
    at: now,
  };
}

/**
 * The export itself, without access check or audit (the in-memory `analyze` script uses it):
 * plan, write to a temp file beside `destination`, read back, rename.
 */
export async function buildCasePdfFile({
  found,
  profile,
  volume,
  force,
  watermark = null,
  annotations = null,
  destination,
  deps,
  now,
}: {
  found: Case;
  profile: PdfProfile;
  volume: number | null;
  force: boolean;
  watermark?: WatermarkInfo | null;
  /** Annotations to draw, by page id (null: none). */
  annotations?: ReadonlyMap<string, ExportAnnotation[]> | null;
  /** Final path; default `<tempDir>/exports/<caseId>[-tapN]-<profile>.pdf`. */
  destination?: string;
  deps: ExportsDeps;
  now: Date;
}) {
  const caseId = found.id;
  const { planned, pending, readable } = await loadPlannedPages({ caseId, volume, deps });
  if (planned.length === 0) {
    throw createNoPagesError();
  }
  const unsplit =
    volume === null ? (await deps.pagesRepository.countUnfinished({ caseId })).unfinished : pending;
  const unfinished = Math.max(pending, unsplit);
  if (unfinished > 0 && !force) {
    throw createOcrUnfinishedError({ details: { pendingPages: unfinished } });
  }
  const { structure } = await getCaseStructure({
    actor: null,
    caseId,
    context: SYSTEM_CONTEXT,
    deps,
  });
  const { unit } = await deps.unitsRepository.getById({ unitId: found.unitId });
  // The index pages print the rows of the case index (the DOCX/XLSX), so the three agree.
  const { index: caseIndex } = buildCaseIndex({
    caseInfo: found,
    unit: {
      name: unit?.name ?? '',
      parentName: unit?.parentId
        ? ((await deps.unitsRepository.getById({ unitId: unit.parentId })).unit?.name ?? null)
        : null,
    },
    volumes: (await deps.volumesRepository.listByCase({ caseId })).volumes,
    structure,
    language: 'vi',
  });
  const { labels, outline, index } = planCasePdf({
    pages: planned,
    sections: structure.sections,
    indexRows: caseIndex.volumes.flatMap((v) =>
      v.sections.flatMap((s) =>
        s.rows.map((row) => ({
          section: `${caseIndex.volumes.length > 1 ? `Tập ${String(v.number)} – ` : ''}${romanNumeral(s.number)}. ${s.name}`,
          row,
        })),
      ),
    ),
  });
  const unitName = unit?.name ?? found.unitId;
  const finalPath =
    destination ??
    path.join(
      deps.tempDir,
      'exports',
      `${caseId}${volume === null ? '' : `-tap${volume}`}-${profile}${watermark ? '-ban-sao' : ''}${annotations ? '-ghi-chu' : ''}.pdf`,
    );
  await mkdir(path.dirname(finalPath), { recursive: true });
  const { sources } = await deps.exportsRepository.listPageSources({ caseId, volume });
  const contentPages = planned.flatMap((p) => {
    const s = sources.get(p.id);
    return s ? [{ pageId: p.id, ...s }] : [];
  });
  const sourceFiles = [
    ...new Map(
      contentPages.map((p) => [
        `${String(p.volume)}\u0000${p.source.sha256}\u0000${p.source.name}`,
        { ...p.source, volume: p.volume },
      ]),
    ).values(),
  ];
  const tmpPath = path.join(
    path.dirname(finalPath),
    `.${path.basename(finalPath)}.${randomUUID()}.part`,
  );
  const { result, samples } = await writeToTemp({
    tmpPath,
    caseId,
    volume,
    labels,
    planned,
    sampleIndexes: samplePageIndexes({ pagesWithWords: readable }),
    annotations,
    deps,
    write: (pages, output) =>
      writeCasePdf({
        pages,
        outline,
        frontMatter: {
          unitName,
          caseTitle: found.title,
          nationalCode: found.nationalCode,
          internalNumber: found.internalNumber,
          charges: found.charges.map((c) =>
            c.article ? `${c.name} (Điều ${c.article} ${c.law ?? 'BLHS'})` : c.name,
          ),
          volumes: new Set(planned.map((p) => p.volume)).size,
          sheets: countSheets(planned),
          pages: planned.length,
          generatedAt: now,
          incomplete: unfinished > 0 ? { pendingPages: unfinished } : null,
          volume,
          index,
          provenance: { generator: GENERATOR, sources: sourceFiles },
        },
        info: { title: found.title, caseCode: found.nationalCode, unitName, createdAt: now },
        profile,
        output,
        watermark,
      }),
  });
  const verification = await verifyCasePdf({
    path: tmpPath,
    expected: {
      pageCount: result.pageCount,
      labels: result.labels,
      outlineCount: result.outlineCount,
      samples: [...samples].map(([i, words]) => ({
        pageIndex: result.frontMatterPages + i,
        words,
      })),
    },
  });
  if (!verification.ok) {
    await rm(tmpPath, { force: true });
    throw createVerificationFailedError({
      details: { issues: verification.problems.map((message) => ({ path: 'pdf', message })) },
    });
  }
  await rename(tmpPath, finalPath);
  const { manifest } = buildExportManifest({
    caseInfo: {
      id: caseId,
      title: found.title,
      codes: { national: found.nationalCode, internal: found.internalNumber ?? null },
      unit: { id: found.unitId, name: unitName },
    },
    createdAt: now,
    profile,
    volume,
    watermark,
    written: result,
    contentPages,
  });
  const code = (found.nationalCode ?? caseId).replace(/[^\w.-]+/g, '_');
  return {
    path: finalPath,
    fileName: `ho-so-${code}${volume === null ? '' : `-tap-${volume}`}${watermark ? '-ban-sao' : ''}${annotations ? '-ghi-chu' : ''}.pdf`,
    pageCount: result.pageCount,
    bytes: result.bytes,
    sha256: result.sha256,
    incomplete: unfinished > 0,
    verifiedPages: verification.checkedPages.length,
    manifest,
  };
}

/**
 * Streams the pages from the database and blob store into `write`, to `tmpPath`, made durable
 * (fsync) before returning. On any failure the temp file is removed and the error names the page.
 * Keeps the words of the sample pages for the read-back check.
 */
async function writeToTemp({
  tmpPath,
  caseId,
  volume,
  labels,
  planned,
  sampleIndexes,
  annotations = null,
  deps,
  write,
}: {
  tmpPath: string;
  caseId: string;
  volume: number | null;
  labels: string[];
  planned: PlannedPage[];
  sampleIndexes: number[];
  annotations?: ReadonlyMap<string, ExportAnnotation[]> | null;
  deps: ExportsDeps;
  write: (pages: AsyncIterable<ExportPage>, output: Writable) => Promise<WriteCasePdfResult>;
}) {
  const output = createWriteStream(tmpPath);
  const samples = new Map<number, string[]>();
  const wanted = new Set(sampleIndexes);
  let current = -1;
  let currentPageId = '';
  async function* pages() {
    for await (const page of streamExportPages({
      caseId,
      volume,
      labels,
      exportsRepository: deps.exportsRepository,
      blobStore: deps.blobStore,
      onPage: (row, i) => {
        current = i;
        currentPageId = row.id;
      },
    })) {
      if (wanted.has(current) && page.words.length > 0) {
        samples.set(
          current,
          page.words.map((w) => w.text),
        );
      }
      const drawn = annotations?.get(currentPageId);
      yield drawn ? { ...page, annotations: drawn } : page;
    }
  }
  try {
    const result = await write(pages(), output);
    await finished(output);
    const handle = await open(tmpPath, 'r');
    await handle.sync();
    await handle.close();
    return { result, samples };
  } catch (error) {
    await discardPartialFile({ output, path: tmpPath });
    throw toExportError({ error, page: planned[current] ?? null });
  }
}

/** A failure while writing, as a typed error naming the page being written. */
function toExportError({ error, page }: { error: unknown; page: PlannedPage | null }) {
  const details = page ? pageIssue(page) : undefined;
  const cause = error;
  const code = (error as { code?: string } | null)?.code;
  const rootCode = (error as { cause?: { code?: string } } | null)?.cause?.code;
  if (isDomainError(error) && (code === 'blob.not_found' || code === 'export.source_missing')) {
    return createSourceMissingError({ cause, ...(details ? { details } : {}) });
  }
  if (code === 'ENOSPC' || rootCode === 'ENOSPC' || code === 'EDQUOT' || rootCode === 'EDQUOT') {
    return createDiskFullError({ cause, ...(details ? { details } : {}) });
  }
  if (isProcessingError(error) && code === 'export.bad_image') {
    return createBadImageError({ cause, ...(details ? { details } : {}) });
  }
  if (isDomainError(error)) {
    return error;
  }
  return createWriteFailedError({ cause, ...(details ? { details } : {}) });
}
