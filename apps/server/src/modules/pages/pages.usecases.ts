import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
import {
  anomalyKey,
  buildIntegrityReport,
  DISPLAY_JPEG_QUALITY,
  readStatedRange,
  type IntegrityPage,
  type OcrWord,
} from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { reopenAfterChange } from '../digitization/digitization.reopen.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import type { PageManualEdits } from '../database/database.types.ts';
import { defineError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { PagesRepository } from './pages.repository.ts';
import { parseRangeHeader } from '../blobs/blobs.models.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { PageViewAudit } from '../audit/audit.page-views.ts';
import type { PageImageCache } from './pages.image-cache.ts';
import type { Logger } from '../shared/logger/logger.ts';

export interface PagesDeps extends CasesDeps {
  pagesRepository: PagesRepository;
  jobsRepository: JobsRepository;
  onJobsEnqueued?: () => void;
}

const createPageNotFoundError = defineError('page.not_found');

/** Image widths up to this are thumbnails (grid, strip), not page reads, for the audit trail. */
const THUMBNAIL_MAX_WIDTH = 400;

type PageRow = Awaited<ReturnType<PagesRepository['listCasePages']>>['pages'][number];

/** A page as users see it: human corrections applied over what the pipeline read. */
export function effectivePage(p: PageRow) {
  const manual = p.manual ?? {};
  const butLucManual = manual.butLuc !== undefined;
  return {
    id: p.id,
    volume: p.volume,
    seq: p.seq,
    fileName: p.file_name,
    sourceIndex: p.source_index,
    status: p.status,
    isBlank: manual.isBlank ?? p.is_blank,
    rotation: manual.rotation ?? p.rotation,
    skewDegrees: p.skew_degrees,
    butLuc: butLucManual ? (manual.butLuc ?? null) : p.but_luc,
    butLucRaw: p.but_luc_raw,
    butLucConfidence: butLucManual ? 1 : p.but_luc_confidence,
    butLucSource: (butLucManual ? 'MANUAL' : p.but_luc_source) as IntegrityPage['source'],
    ocrConfidence: p.ocr_confidence,
    hasTextLayer: p.has_text_layer,
    error: p.error_code ? { code: p.error_code, message: p.error_message } : null,
    imageVersion: imageVersionOf(p.upright_blob_key ?? p.original_blob_key),
  };
}

/**
 * The version of a page image named in its URL and ETag: the end of its content-addressed blob
 * key (a sha256), so a page processed again (rotated, replaced) gets a new one.
 */
export function imageVersionOf(blobKey: string | null): string | null {
  return blobKey ? blobKey.slice(-24) : null;
}

export async function listPages({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: PagesDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const effective = pages.map(effectivePage);
  // Values the sequence makes certain are shown, marked INFERRED (never stored as read).
  const { inferred } = buildIntegrityReport({ pages: toIntegrityPages(effective) });
  const inferredById = new Map(inferred.map((i) => [i.pageId, i.butLuc]));
  return {
    pages: effective.map((p) =>
      inferredById.has(p.id)
        ? { ...p, butLuc: inferredById.get(p.id)!, butLucSource: 'INFERRED' as const }
        : p,
    ),
  };
}

function toIntegrityPages(pages: Array<ReturnType<typeof effectivePage>>): IntegrityPage[] {
  return pages
    .filter((p) => p.status === 'DONE')
    .map((p) => ({
      id: p.id,
      volume: p.volume,
      seq: p.seq,
      isBlank: p.isBlank,
      butLuc: p.butLuc,
      source: p.butLucSource,
    }));
}

/** Integrity of the bút lục numbering; values inferred from neighbours are marked as such. */
export async function getIntegrityReport({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor | null;
  caseId: string;
  context: RequestContext;
  deps: PagesDeps;
}) {
  if (actor) {
    await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  }
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const effective = pages.map(effectivePage);
  const integrityPages = toIntegrityPages(effective);
  const draft = buildIntegrityReport({ pages: integrityPages });
  // Volume covers state their range ("Từ bút lục số 01 đến bút lục số 17"): compare with what is there.
  const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId });
  const textById = new Map(texts.map((t) => [t.id, t.ocr_text ?? '']));
  const statedRanges = draft.covers.flatMap((coverId) => {
    const cover = effective.find((p) => p.id === coverId);
    const stated = cover ? readStatedRange(textById.get(coverId) ?? '') : null;
    if (!cover || !stated) {
      return [];
    }
    const numbers = integrityPages
      .filter((p) => p.volume === cover.volume && p.butLuc !== null && !p.isBlank)
      .map((p) => p.butLuc!);
    const actual = numbers.length ? { from: Math.min(...numbers), to: Math.max(...numbers) } : null;
    return [
      {
        volume: cover.volume,
        stated,
        actual,
        matches: actual !== null && actual.from === stated.from && actual.to === stated.to,
      },
    ];
  });
  const statedSheets = statedRanges.length
    ? Math.max(...statedRanges.map((r) => r.stated.to))
    : null;
  const report = buildIntegrityReport({ pages: integrityPages, statedSheets });
  const pending = effective.filter((p) => p.status !== 'DONE').length;
  return {
    report: {
      ...report,
      anomalies: report.anomalies.map((a) => ({ ...a, key: anomalyKey(a) })),
      statedRanges,
      statedMatches: statedRanges.length
        ? statedRanges.every((r) => r.matches) && report.statedMatches !== false
        : null,
      complete: pending === 0,
      pendingPages: pending,
    },
  };
}

export async function getProgress({
  actor,
  caseId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor | null;
  caseId: string;
  context: RequestContext;
  deps: PagesDeps;
  now?: Date;
}) {
  if (actor) {
    await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  }
  const { byStatus, sources, recentDone, failures } = await deps.pagesRepository.progress({
    caseId,
    now,
  });
  const volumes = new Map<
    number,
    {
      volume: number;
      expectedPages: number;
      pages: number;
      done: number;
      failed: number;
      pending: number;
      splitting: number;
    }
  >();
  const vol = (n: number) => {
    if (!volumes.has(n)) {
      volumes.set(n, {
        volume: n,
        expectedPages: 0,
        pages: 0,
        done: 0,
        failed: 0,
        pending: 0,
        splitting: 0,
      });
    }
    return volumes.get(n)!;
  };
  for (const s of sources) {
    vol(s.volume).expectedPages += s.page_count ?? 0;
    if (!s.split_done_at) {
      vol(s.volume).splitting++;
    }
  }
  for (const r of byStatus) {
    const v = vol(r.volume);
    v.pages += r.n;
    if (r.status === 'DONE') {
      v.done += r.n;
    } else if (r.status === 'FAILED') {
      v.failed += r.n;
    } else {
      v.pending += r.n;
    }
  }
  const list = [...volumes.values()].sort((a, b) => a.volume - b.volume);
  const expected = list.reduce((s, v) => s + v.expectedPages, 0);
  const done = list.reduce((s, v) => s + v.done, 0);
  const failed = list.reduce((s, v) => s + v.failed, 0);
  const remaining = Math.max(0, expected - done - failed);
  const perSecond = recentDone / 120;
  return {
    progress: {
      volumes: list,
      expectedPages: expected,
      donePages: done,
      failedPages: failed,
      remainingPages: remaining,
      pagesPerMinute: Math.round(perSecond * 60 * 10) / 10,
      etaSeconds: remaining === 0 ? 0 : perSecond > 0 ? Math.round(remaining / perSecond) : null,
      finished: remaining === 0 && list.every((v) => v.splitting === 0),
      rejectedFiles: failures.map((f) => ({ fileName: f.file_name, code: f.error_code })),
    },
  };
}

/** A page of a case the actor may act on; `page.not_found` for a page of another case. */
async function getCasePageOrThrow({
  actor,
  caseId,
  pageId,
  action,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  action: 'read' | 'edit';
  context: RequestContext;
  deps: PagesDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action,
    context,
    ...deps,
  });
  const { page } = await deps.pagesRepository.getPage({ pageId });
  if (!page || page.case_id !== caseId) {
    throw createPageNotFoundError();
  }
  return { case: found, page };
}

/** A human correction of a page (bút lục, rotation, blank). Kept across re-processing. */
export async function correctPage({
  actor,
  caseId,
  pageId,
  changes,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  changes: PageManualEdits;
  context: RequestContext;
  deps: PagesDeps;
}) {
  const { case: found, page } = await getCasePageOrThrow({
    actor,
    caseId,
    pageId,
    action: 'edit',
    context,
    deps,
  });
  const manual = { ...(page.manual ?? {}), ...changes };
  await deps.pagesRepository.setManual({ pageId, manual });
  // A new orientation or blankness changes the upright image and the text: process the page again.
  if (changes.rotation !== undefined || changes.isBlank !== undefined) {
    await requeuePage({ pageId, caseId, unitId: found.unitId, deps });
  }
  await deps.auditRepository.record({
    event: {
      action: 'page.corrected',
      actor,
      targetKind: 'page',
      targetId: pageId,
      caseId,
      unitId: found.unitId,
      context,
      details: { before: page.manual ?? {}, after: manual },
    },
  });
  await reopenAfterChange({ actor, caseId, reason: 'page.corrected', context, deps });
  return { manual };
}

/** Puts a page back in the pipeline, ahead of routine work (a person is waiting for it). */
async function requeuePage({
  pageId,
  caseId,
  unitId,
  deps,
}: {
  pageId: string;
  caseId: string;
  unitId: string;
  deps: PagesDeps;
}) {
  await deps.pagesRepository.resetForReprocess({ pageId });
  const { jobId } = await deps.jobsRepository.enqueue({
    name: 'page.process',
    payload: { pageId },
    caseId,
    unitId,
    singletonKey: `page.process:${pageId}`,
    priority: 10,
    maxAttempts: 4,
  });
  deps.onJobsEnqueued?.();
  return { jobId };
}

/** Runs the page step again (after a failure, or with a better engine). Corrections stay. */
export async function reprocessPage({
  actor,
  caseId,
  pageId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  context: RequestContext;
  deps: PagesDeps;
}) {
  const { case: found } = await getCasePageOrThrow({
    actor,
    caseId,
    pageId,
    action: 'edit',
    context,
    deps,
  });
  const { jobId } = await requeuePage({ pageId, caseId, unitId: found.unitId, deps });
  await deps.auditRepository.record({
    event: {
      action: 'page.reprocessed',
      actor,
      targetKind: 'page',
      targetId: pageId,
      caseId,
      unitId: found.unitId,
      context,
    },
  });
  await reopenAfterChange({ actor, caseId, reason: 'page.reprocessed', context, deps });
  return { jobId };
}

/** Named sizes; `display` is the display image the pipeline makes with each page. */
const IMAGE_WIDTHS = { thumb: 240, display: PAGE_DISPLAY_WIDTH } as const;
export type PageImageSize = keyof typeof IMAGE_WIDTHS | 'full';
/** Bounds of `?width=`: a thumbnail at the smallest, a high-DPI display page at the largest. */
export const PAGE_IMAGE_WIDTH = { min: 64, max: 2000 } as const;

/**
 * A page image for the viewer: the upright page at a display size (WebP), or the original scan
 * as stored. Derived sizes are computed on request (sharp works off the event loop) and cached by
 * the browser: the ETag is the content hash of the source image plus the size.
 */
export async function getPageImage({
  actor,
  caseId,
  pageId,
  size,
  width,
  variant,
  ifNoneMatch,
  context,
  deps,
  logger,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  size: PageImageSize;
  /** An exact width in pixels (within PAGE_IMAGE_WIDTH), instead of a named size. */
  width?: number | undefined;
  variant: 'upright' | 'original';
  /** The browser's If-None-Match: when it names this rendering, no bytes are read or resized. */
  ifNoneMatch?: string | undefined;
  context: RequestContext;
  deps: PagesDeps & {
    blobStore: Pick<BlobStore, 'getBytes' | 'put'>;
    pageViewAudit?: Pick<PageViewAudit, 'noteView'>;
    /** Resized renderings kept in memory (the composition root makes one; tests may not). */
    pageImageCache?: Pick<PageImageCache, 'getOrRender'>;
  };
  logger?: Pick<Logger, 'warn'>;
}): Promise<
  | {
      notModified: false;
      bytes: Uint8Array;
      contentType: string;
      etag: string;
      /** The version the rendering belongs to (imageVersionOf its source). */
      version: string;
    }
  | { notModified: true; etag: string; version: string }
> {
  const [{ case: found }, { page }] = await Promise.all([
    getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps }),
    deps.pagesRepository.getPageImageSources({ pageId }),
  ]);
  if (!page || page.case_id !== caseId) {
    throw createPageNotFoundError();
  }
  // Reading a page is audited in batches (audit.page-views.ts); grid thumbnails are not reads.
  if (size !== 'thumb' && (width === undefined || width > THUMBNAIL_MAX_WIDTH)) {
    deps.pageViewAudit?.noteView({ actor, caseId, unitId: found.unitId, pageId, context });
  }
  const key =
    variant === 'upright'
      ? (page.upright_blob_key ?? page.original_blob_key)
      : page.original_blob_key;
  if (!key) {
    throw createPageNotFoundError();
  }
  const version = imageVersionOf(key)!;
  // The display size by name or by its width is one rendering (the one the pipeline makes).
  const isDisplay = (size === 'display' && width === undefined) || width === IMAGE_WIDTHS.display;
  // One ETag per source image and size: a browser cache never mixes two sizes of one page.
  const sizeTag = isDisplay ? 'display' : width === undefined ? size : `w${width}`;
  const etag = `"${version}-${sizeTag}"`;
  if (ifNoneMatch !== undefined && ifNoneMatch.split(/\s*,\s*/).includes(etag)) {
    return { notModified: true, etag, version };
  }
  if (size === 'full' && width === undefined) {
    const { bytes } = await deps.blobStore.getBytes({ key });
    const { default: sharp } = await import('sharp');
    const { format } = await sharp(bytes).metadata();
    return {
      notModified: false,
      bytes,
      contentType: format === 'png' ? 'image/png' : format === 'tiff' ? 'image/tiff' : 'image/jpeg',
      etag,
      version,
    };
  }
  const resize = async (targetWidth: number, asDisplayImage = false) => {
    const { bytes } = await deps.blobStore.getBytes({ key });
    const { default: sharp } = await import('sharp');
    if (asDisplayImage) {
      // As the pipeline makes it from the upright page (renderDisplay): greyscale JPEG.
      const display = await sharp(bytes)
        .resize({ width: targetWidth, withoutEnlargement: true })
        .toColourspace('b-w')
        .jpeg({ quality: DISPLAY_JPEG_QUALITY })
        .toBuffer();
      return { bytes: new Uint8Array(display), contentType: 'image/jpeg' };
    }
    // WebP at effort 1: about a quarter of the default effort's time for a slightly larger file
    // (≈ 16 kB instead of 9 kB for a typed A4 page at 800 px), which a LAN carries in no time.
    const resized = await sharp(bytes)
      .resize({ width: targetWidth, withoutEnlargement: true })
      .webp({ quality: 80, effort: 1 })
      .toBuffer();
    return { bytes: new Uint8Array(resized), contentType: 'image/webp' };
  };
  const render = isDisplay
    ? () => getDisplayImage({ page, sourceKey: key, variant, resize, deps, logger })
    : () => resize(width ?? (size === 'full' ? IMAGE_WIDTHS.display : IMAGE_WIDTHS[size]));
  const rendering = deps.pageImageCache
    ? await deps.pageImageCache.getOrRender({ key: `${key}|${sizeTag}`, render })
    : await render();
  return { notModified: false, ...rendering, etag, version };
}

/**
 * The display image of a page: the one the pipeline made with it when there is one (a blob read,
 * no resizing); otherwise (a page processed before display images existed, or made at another
 * width) it is rendered now and kept for the next time (a lazy backfill).
 */
async function getDisplayImage({
  page,
  sourceKey,
  variant,
  resize,
  deps,
  logger,
}: {
  page: NonNullable<Awaited<ReturnType<PagesRepository['getPageImageSources']>>['page']>;
  sourceKey: string;
  variant: 'upright' | 'original';
  resize: (
    width: number,
    asDisplayImage?: boolean,
  ) => Promise<{ bytes: Uint8Array; contentType: string }>;
  deps: { blobStore: Pick<BlobStore, 'getBytes' | 'put'>; pagesRepository: PagesRepository };
  logger?: Pick<Logger, 'warn'> | undefined;
}): Promise<{ bytes: Uint8Array; contentType: string }> {
  const upright = variant === 'upright' && page.upright_blob_key === sourceKey;
  if (upright && page.display_blob_key && page.display_width === IMAGE_WIDTHS.display) {
    try {
      const { bytes } = await deps.blobStore.getBytes({ key: page.display_blob_key });
      return { bytes, contentType: 'image/jpeg' };
    } catch (error) {
      // A blob store restored or migrated without it: made again below.
      logger?.warn({ error, pageId: page.id }, 'Display image missing; rendering it again');
    }
  }
  const rendering = await resize(IMAGE_WIDTHS.display, upright);
  if (upright) {
    try {
      const { key } = await deps.blobStore.put({ bytes: rendering.bytes });
      await deps.pagesRepository.saveDisplayImage({
        pageId: page.id,
        uprightBlobKey: sourceKey,
        displayBlobKey: key,
        width: IMAGE_WIDTHS.display,
      });
    } catch (error) {
      // Keeping it is an optimisation: the image is served all the same.
      logger?.warn({ error, pageId: page.id }, 'Display image not kept');
    }
  }
  return rendering;
}

/** Media type of a stored scan from its first bytes (JPEG, PNG, TIFF; else a generic type). */
export function sniffImageType(head: Uint8Array): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) {
    return 'image/jpeg';
  }
  if (starts(0x89, 0x50, 0x4e, 0x47)) {
    return 'image/png';
  }
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) {
    return 'image/tiff';
  }
  return 'application/octet-stream';
}

/**
 * The original scan of a page as stored, or the byte range of it asked by an HTTP `Range`
 * header: a large TIFF is then fetched in pieces (resumable downloads, viewers that tile) and
 * the blob store reads only those bytes (a ranged GetObject on S3). Access as for the image.
 */
export async function getPageOriginalBytes({
  actor,
  caseId,
  pageId,
  rangeHeader,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  rangeHeader: string | undefined;
  context: RequestContext;
  deps: PagesDeps & { blobStore: BlobStore };
}) {
  const { page } = await getCasePageOrThrow({
    actor,
    caseId,
    pageId,
    action: 'read',
    context,
    deps,
  });
  const key = page.original_blob_key;
  const stat = key ? await deps.blobStore.stat({ key }) : null;
  if (!key || !stat) {
    throw createPageNotFoundError();
  }
  const etag = `"${key.slice(-24)}-original"`;
  const head =
    stat.sizeBytes === 0
      ? new Uint8Array(0)
      : await readAllBytes(
          (await deps.blobStore.get({ key, range: { start: 0, end: 15 } })).stream,
        );
  const range = parseRangeHeader({ header: rangeHeader, sizeBytes: stat.sizeBytes });
  const opened = await deps.blobStore.get({ key, ...(range ? { range } : {}) });
  return { ...opened, etag, contentType: sniffImageType(head) };
}

async function readAllBytes(stream: AsyncIterable<unknown>) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The OCR text layer of one page, for the viewer to overlay (selectable, copyable text): the
 * page text and its words with boxes normalised to [0, 1] of the upright image.
 */
export async function getPageText({
  actor,
  caseId,
  pageId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  context: RequestContext;
  deps: PagesDeps;
}) {
  const { page } = await getCasePageOrThrow({
    actor,
    caseId,
    pageId,
    action: 'read',
    context,
    deps,
  });
  const done = page.status === 'DONE';
  const words = (done ? ((page.ocr_words ?? []) as OcrWord[]) : []).map((w) => ({
    text: w.text,
    x0: w.box[0],
    y0: w.box[1],
    x1: w.box[2],
    y1: w.box[3],
  }));
  return {
    pageId,
    text: done ? (page.ocr_text ?? '') : '',
    words,
    width: page.upright_width_px ?? page.width_px,
    height: page.upright_height_px ?? page.height_px,
  };
}
