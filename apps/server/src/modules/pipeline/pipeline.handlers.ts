import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
import { isProcessingError, writeNewFile } from '@sohoa/processing';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { Db } from '../database/database.ts';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import {
  JobStoppedError,
  type ClaimedJob,
  type JobDefinition,
  type JobOutcome,
} from '../jobs/jobs.types.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { PageProcessor } from './page-processor.types.ts';
import { structureCase, type DocumentsDeps } from '../documents/documents.usecases.ts';

export interface PipelineDeps extends DocumentsDeps {
  db: Db;
  blobStore: BlobStore;
  pagesRepository: PagesRepository;
  jobsRepository: JobsRepository;
  pageProcessor: PageProcessor;
  tempDir: string;
  onJobsEnqueued?: () => void;
  ocrEngineName: string;
}

const backoff = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * Splits a source into page rows. Idempotent: pages already present are skipped, so a split that
 * was killed half-way resumes where it stopped; each page row and its processing job are written
 * in one transaction.
 */
export async function splitSource({
  job,
  deps,
  checkpoint = async () => undefined,
}: {
  job: ClaimedJob<'source.split'>;
  deps: PipelineDeps;
  /** Throws when the job must stop (cancelled, lease lost, shutdown): checked between pages. */
  checkpoint?: () => Promise<void>;
}): Promise<JobOutcome> {
  const { source } = await deps.pagesRepository.getSource({
    sourceFileId: job.payload.sourceFileId,
  });
  if (!source || source.page_count === null || source.first_seq === null || !source.kind) {
    return 'skipped';
  }
  const { pages } = await deps.pagesRepository.listSourcePageIndexes({ sourceFileId: source.id });
  const done = new Set(pages.map((p) => p.source_index));
  if (done.size < source.page_count) {
    await mkdir(deps.tempDir, { recursive: true });
    const localPath = path.join(deps.tempDir, `${source.id}.${source.kind}`);
    try {
      const { stream } = await deps.blobStore.get({ key: source.blob_key });
      await writeNewFile({ path: localPath, write: (output) => pipeline(stream, output) });
      for (let index = 0; index < source.page_count; index++) {
        if (done.has(index)) {
          continue;
        }
        await checkpoint();
        const page = await deps.pageProcessor.extractPage({
          path: localPath,
          kind: source.kind as 'pdf',
          index,
        });
        const { key } = await deps.blobStore.put({ bytes: page.image.bytes });
        await deps.db.transaction().execute(async (trx) => {
          const { pageId } = await deps.pagesRepository.insertPage({
            trx,
            page: {
              caseId: source.case_id,
              volumeId: source.volume_id,
              sourceFileId: source.id,
              sourceIndex: index,
              seq: source.first_seq! + index,
              originalBlobKey: key,
              widthPx: page.image.widthPx,
              heightPx: page.image.heightPx,
              dpi: page.image.dpi,
              // A born-digital text layer replaces OCR; the hidden OCR layer of an already
              // searchable scan does not (our own OCR gives words and confidences we trust).
              textLayer: page.textLayer?.engine === 'pdf-text' ? page.textLayer : null,
            },
          });
          if (pageId) {
            await deps.jobsRepository.enqueue({
              trx,
              name: 'page.process',
              payload: { pageId },
              caseId: source.case_id,
              singletonKey: `page.process:${pageId}`,
              maxAttempts: 4,
            });
          }
        });
      }
    } finally {
      await rm(localPath, { force: true });
    }
  }
  await deps.pagesRepository.markSplitDone({ sourceFileId: source.id });
  // Fast pages may all be done before their source is marked split: the last one to finish, page
  // or split, starts structuring.
  await enqueueStructureWhenComplete({ caseId: source.case_id, deps });
  return 'success';
}

/** Normalises, OCRs and reads the bút lục of one page; re-running overwrites with the same result. */
export async function processPage({
  job,
  deps,
  checkpoint = async () => undefined,
}: {
  job: ClaimedJob<'page.process'>;
  deps: PipelineDeps;
  /** Throws when the job must stop (cancelled, lease lost, shutdown): checked before OCR. */
  checkpoint?: () => Promise<void>;
}): Promise<JobOutcome> {
  const { page } = await deps.pagesRepository.getPage({ pageId: job.payload.pageId });
  if (!page || !page.original_blob_key) {
    return 'skipped';
  }
  await checkpoint();
  try {
    const { bytes } = await deps.blobStore.getBytes({ key: page.original_blob_key });
    const textLayer =
      page.has_text_layer && page.ocr_text !== null
        ? {
            text: page.ocr_text,
            words: (page.ocr_words ?? []) as never[],
            meanConfidence: page.ocr_confidence ?? 100,
            engine: 'pdf-text-layer',
          }
        : null;
    // Human corrections of orientation and blankness steer the analysis itself.
    const manual = page.manual ?? {};
    const analysis = await deps.pageProcessor.analyzePage({
      image: bytes,
      textLayer,
      options: {
        displayWidth: PAGE_DISPLAY_WIDTH,
        ...(manual.rotation !== undefined ? { rotation: manual.rotation } : {}),
        ...(manual.isBlank !== undefined ? { blank: manual.isBlank } : {}),
      },
    });
    const { key } = await deps.blobStore.put({ bytes: analysis.upright.bytes });
    // The display image made with the page (the viewer's default size), kept beside the upright
    // one: the first view of the page reads it instead of resizing the scan.
    const display = analysis.display
      ? {
          blobKey: (await deps.blobStore.put({ bytes: analysis.display.bytes })).key,
          width: PAGE_DISPLAY_WIDTH,
        }
      : null;
    await deps.pagesRepository.saveAnalysis({
      pageId: page.id,
      analysis,
      uprightBlobKey: key,
      display,
      engine: textLayer ? 'pdf-text-layer' : (analysis.ocr?.engine ?? deps.ocrEngineName),
    });
    await enqueueStructureWhenComplete({ caseId: page.case_id, deps });
    return 'success';
  } catch (error) {
    if (error instanceof JobStoppedError) {
      throw error;
    }
    const final = job.attempts >= job.maxAttempts;
    const code = isProcessingError(error) ? error.code : 'page.ocr_failed';
    await deps.pagesRepository.markFailed({
      pageId: page.id,
      code,
      message: error instanceof Error ? error.message : String(error),
      final,
    });
    if (final) {
      // The page is marked FAILED with its reason for the report; the job itself is done.
      return 'success';
    }
    throw error;
  }
}

/** When the last page of a case is done, its structure is (re)built. */
async function enqueueStructureWhenComplete({
  caseId,
  deps,
}: {
  caseId: string;
  deps: PipelineDeps;
}) {
  const { unfinished } = await deps.pagesRepository.countUnfinished({ caseId });
  if (unfinished === 0) {
    await deps.jobsRepository.enqueue({
      name: 'case.structure',
      payload: { caseId },
      caseId,
      singletonKey: `case.structure:${caseId}`,
      maxAttempts: 3,
      priority: 1,
    });
    deps.onJobsEnqueued?.();
  }
}

/** The pipeline's job definitions (registered in one place, CONVENTIONS.md §10). */
export function createPipelineJobDefinitions({ deps }: { deps: PipelineDeps }) {
  const split: JobDefinition<'source.split'> = {
    name: 'source.split',
    maxAttempts: 5,
    backoffMs: backoff,
    leaseMs: 10 * 60_000,
    handler: ({ job, checkpoint }) => splitSource({ job, deps, checkpoint }),
  };
  const page: JobDefinition<'page.process'> = {
    name: 'page.process',
    maxAttempts: 4,
    backoffMs: backoff,
    leaseMs: 3 * 60_000,
    handler: ({ job, checkpoint }) => processPage({ job, deps, checkpoint }),
  };
  const structure: JobDefinition<'case.structure'> = {
    name: 'case.structure',
    maxAttempts: 3,
    backoffMs: backoff,
    leaseMs: 10 * 60_000,
    handler: async ({ job, checkpoint }) => {
      await checkpoint();
      await structureCase({ caseId: job.payload.caseId, deps });
      return 'success';
    },
  };
  return [split, page, structure] as const;
}
