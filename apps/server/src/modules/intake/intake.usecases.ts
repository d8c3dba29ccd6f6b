import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ERROR_MESSAGES, type ErrorCode } from '@sohoa/contracts';
import { isProcessingError, ProcessingError, writeNewFile } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { reopenAfterChange } from '../digitization/digitization.reopen.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import { createCaseNotFoundError } from '../cases/cases.errors.ts';
import type { Db } from '../database/database.ts';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { IntakeRepository } from './intake.repository.ts';

export interface IntakeDeps extends CasesDeps {
  db: Db;
  intakeRepository: IntakeRepository;
  jobsRepository: JobsRepository;
  blobStore: BlobStore;
  pageProcessor: PageProcessor;
  /** Scratch folder on the same machine (DATA_DIR/tmp). */
  tempDir: string;
  maxFileBytes: number;
  /** Tells this process's job runner that work arrived (no-op in web-only mode). */
  onJobsEnqueued?: () => void;
}

export type IntakeFileResult =
  | {
      status: 'accepted';
      fileName: string;
      sourceFileId: string;
      pageCount: number;
      volumeNumber: number;
    }
  | { status: 'duplicate'; fileName: string; sourceFileId: string; volumeNumber: number }
  | {
      status: 'rejected';
      fileName: string;
      code: string;
      message: string;
      messages: { vi: string; en: string };
    };

export interface IncomingFile {
  /** As the user named it (a path inside a ZIP reads `ho_so.zip › scan_01.jpg`). */
  name: string;
  open: () => Readable;
}

const MEDIA_TYPES = {
  pdf: 'application/pdf',
  tiff: 'image/tiff',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
} as const;

function rejection(fileName: string, code: string): IntakeFileResult {
  const messages = ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES['source.corrupt'];
  return {
    status: 'rejected',
    fileName,
    code,
    messages: { vi: `${fileName}: ${messages.vi}`, en: `${fileName}: ${messages.en}` },
    message: `${fileName}: ${messages.vi}`,
  };
}

/** Streams one upload to a scratch file, hashing as it goes; never holds the file in memory. */
async function receiveToTemp({ file, deps }: { file: IncomingFile; deps: IntakeDeps }) {
  await mkdir(deps.tempDir, { recursive: true });
  const tempPath = path.join(deps.tempDir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const meter = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      sizeBytes += chunk.length;
      if (sizeBytes > deps.maxFileBytes) {
        throw new ProcessingError({ code: 'source.too_large' });
      }
      hash.update(chunk);
      yield chunk;
    }
  };
  try {
    await writeNewFile({ path: tempPath, write: (output) => pipeline(file.open(), meter, output) });
  } catch (error) {
    // A connection dropped or a copy cut mid-way: the file is incomplete, the rest of the batch goes on.
    throw isProcessingError(error)
      ? error
      : new ProcessingError({ code: 'source.truncated', cause: error });
  }
  return { tempPath, sha256: hash.digest('hex'), sizeBytes };
}

/**
 * THE intake use case behind upload, hot folder and `sohoa import`: each file is received, checked,
 * stored once by SHA-256 and queued for splitting. A bad file is reported (code, Vietnamese and
 * English message naming it) and the rest of the batch goes on; nothing half-written remains.
 */
export async function intakeFiles({
  actor,
  caseId,
  volumeNumber,
  files,
  context,
  deps,
}: {
  actor: Actor | null;
  caseId: string;
  volumeNumber: number;
  files: IncomingFile[];
  context: RequestContext;
  deps: IntakeDeps;
}): Promise<{ results: IntakeFileResult[] }> {
  const found = actor
    ? (await getCaseForActionOrThrow({ actor, caseId, action: 'import', context, ...deps })).case
    : (await deps.casesRepository.getById({ caseId })).case;
  if (!found) {
    throw createCaseNotFoundError();
  }
  const { volume } = await deps.intakeRepository.findOrCreateVolume({
    caseId,
    number: volumeNumber,
  });
  const results: IntakeFileResult[] = [];
  for (const file of files) {
    results.push(
      ...(await intakeOne({
        actor,
        caseId,
        unitId: found.unitId,
        volume,
        file,
        parentName: null,
        context,
        deps,
      })),
    );
  }
  if (results.some((r) => r.status === 'accepted')) {
    deps.onJobsEnqueued?.();
  }
  return { results };
}

async function intakeOne({
  actor,
  caseId,
  unitId,
  volume,
  file,
  parentName,
  context,
  deps,
}: {
  actor: Actor | null;
  caseId: string;
  unitId: string;
  volume: { id: string; number: number };
  file: IncomingFile;
  parentName: string | null;
  context: RequestContext;
  deps: IntakeDeps;
}): Promise<IntakeFileResult[]> {
  let received: Awaited<ReturnType<typeof receiveToTemp>> | null = null;
  try {
    received = await receiveToTemp({ file, deps });
    const { source: existing } = await deps.intakeRepository.findSourceBySha({
      caseId,
      sha256: received.sha256,
    });
    if (existing) {
      return [
        {
          status: 'duplicate',
          fileName: file.name,
          sourceFileId: existing.id,
          volumeNumber: volume.number,
        },
      ];
    }
    const { kind, pageCount } = await deps.pageProcessor.inspectSource({
      path: received.tempPath,
      fileName: file.name,
      sizeBytes: received.sizeBytes,
    });
    if (kind === 'zip') {
      return await intakeZip({
        actor,
        caseId,
        unitId,
        volume,
        zipPath: received.tempPath,
        zipName: file.name,
        context,
        deps,
      });
    }
    const { key } = await deps.blobStore.put({ stream: createReadStream(received.tempPath) });
    const { sourceFileId } = await deps.db.transaction().execute(async (trx) => {
      const inserted = await deps.intakeRepository.insertSource({
        trx,
        source: {
          caseId,
          volumeId: volume.id,
          sha256: received!.sha256,
          blobKey: key,
          originalName: file.name,
          mediaType: MEDIA_TYPES[kind],
          kind,
          sizeBytes: received!.sizeBytes,
          pageCount,
          uploadedBy: actor?.userId ?? null,
          parentName,
        },
      });
      await deps.jobsRepository.enqueue({
        trx,
        name: 'source.split',
        payload: { sourceFileId: inserted.sourceFileId },
        caseId,
        unitId,
        singletonKey: `source.split:${inserted.sourceFileId}`,
        maxAttempts: 5,
        // Splitting is cheap and tells how many pages are coming: ahead of OCR already queued.
        priority: 5,
      });
      return inserted;
    });
    await deps.auditRepository.record({
      event: {
        action: 'source.imported',
        actor,
        targetKind: 'source',
        targetId: sourceFileId,
        caseId,
        unitId,
        context,
        details: { fileName: file.name, pageCount, sha256: received.sha256, volume: volume.number },
      },
    });
    await reopenAfterChange({ actor, caseId, reason: 'source.imported', context, deps });
    return [
      {
        status: 'accepted',
        fileName: file.name,
        sourceFileId,
        pageCount,
        volumeNumber: volume.number,
      },
    ];
  } catch (error) {
    const code = isProcessingError(error) ? error.code : null;
    if (!code) {
      throw error;
    }
    await deps.intakeRepository.recordFailure({
      failure: {
        caseId,
        volumeId: volume.id,
        fileName: file.name,
        sizeBytes: received?.sizeBytes ?? null,
        errorCode: code,
        errorMessage: error instanceof Error ? error.message : code,
        createdBy: actor?.userId ?? null,
      },
    });
    await deps.auditRepository.record({
      event: {
        action: 'source.rejected',
        actor,
        outcome: 'FAILURE',
        caseId,
        unitId,
        context,
        details: { fileName: file.name, code },
      },
    });
    return [rejection(file.name, code)];
  } finally {
    if (received) {
      await rm(received.tempPath, { force: true });
    }
  }
}

async function intakeZip({
  actor,
  caseId,
  unitId,
  volume,
  zipPath,
  zipName,
  context,
  deps,
}: {
  actor: Actor | null;
  caseId: string;
  unitId: string;
  volume: { id: string; number: number };
  zipPath: string;
  zipName: string;
  context: RequestContext;
  deps: IntakeDeps;
}): Promise<IntakeFileResult[]> {
  const outDir = path.join(deps.tempDir, `${randomUUID()}.zip.d`);
  try {
    const { entries } = await deps.pageProcessor.expandZip({ path: zipPath, outDir });
    const results: IntakeFileResult[] = [];
    for (const entry of entries) {
      await stat(entry.path);
      results.push(
        ...(await intakeOne({
          actor,
          caseId,
          unitId,
          volume,
          file: { name: `${zipName} › ${entry.name}`, open: () => createReadStream(entry.path) },
          parentName: zipName,
          context,
          deps,
        })),
      );
    }
    return results;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
