import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { naturalCompare, type PdfProfile } from '@sohoa/processing';
import type { CaseKind } from '@sohoa/contracts';
import { createCasesRepository } from '../modules/cases/cases.repository.ts';
import { createFsBlobStore } from '../modules/blobs/drivers/fs/fs.blob-driver.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { createDatabase } from '../modules/database/database.ts';
import { intakeFiles, type IntakeFileResult } from '../modules/intake/intake.usecases.ts';
import { createJobRunner } from '../modules/jobs/jobs.runner.ts';
import { effectivePage, getIntegrityReport, getProgress } from '../modules/pages/pages.usecases.ts';
import { isoDateOf, pageRefOf, structureCase } from '../modules/documents/documents.usecases.ts';
import { createPooledPageProcessor } from '../modules/pipeline/page-processor.ts';
import { createPipelineJobDefinitions } from '../modules/pipeline/pipeline.handlers.ts';
import { createSilentLogger } from '../modules/shared/logger/logger.ts';
import { SYSTEM_CONTEXT } from '../modules/shared/request-context.ts';
import { runMigrations } from '../migrations/migrations.usecases.ts';
import { createDependencies } from '../start.ts';
import { buildCasePdfFile } from '../modules/exports/exports.usecases.ts';
import { TEST_SETTINGS } from '../modules/app/server.test-utils.ts';

/** The evaluation format of ../shared/samples/README.md (documents come with the structuring issue). */
export interface EvaluationOutput {
  pages: Array<{
    ref: string;
    text: string;
    butluc: number | null;
    blank: boolean;
    rotation: number;
    butluc_confidence: number | null;
  }>;
  documents: unknown[];
  butluc_anomalies: Array<{ type: string; pages: string[]; butluc: number | null }>;
  rejected_files: Array<{ file: string; code: string; message: string }>;
}

const IMAGE_OR_DOC = /\.(pdf|tiff?|jpe?g|png|zip)$/i;

/** Each input file is a volume; a folder is one volume of its files in natural order. */
async function planVolumes(inputs: string[]) {
  const volumes: Array<{ files: string[] }> = [];
  for (const input of inputs) {
    const info = await stat(input);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => IMAGE_OR_DOC.test(n)).sort(naturalCompare);
      volumes.push({ files: names.map((n) => path.join(input, n)) });
    } else {
      volumes.push({ files: [input] });
    }
  }
  return volumes;
}

/** `file#index` as the evaluation format names pages (`ho_so.zip › scan_1.jpg` → `scan_1.jpg#1`). */
const refOf = pageRefOf;

/**
 * Runs the whole pipeline on an in-memory database and blob store (nothing is written to disk but
 * scratch files) and returns the evaluation output. Used by `sohoa analyze` and the OCR benchmark.
 */
export async function runAnalyze({
  inputs,
  ocrEngine = 'auto',
  threads = Math.max(1, os.availableParallelism()),
  caseKind = 'criminal',
  onProgress,
  pdf,
}: {
  inputs: string[];
  /** Also write the digital case file (bút lục labels, outline, index, text layer) to `pdf.path`. */
  pdf?: { path: string; profile: PdfProfile };
  /** The kind of case decides types and sections where the catalogue differs by kind. */
  caseKind?: CaseKind;
  ocrEngine?: 'auto' | 'tesseractjs' | 'tesseract_cli';
  threads?: number;
  onProgress?: (p: { done: number; total: number; failed: number }) => void;
}): Promise<{
  output: EvaluationOutput;
  results: IntakeFileResult[];
  seconds: number;
  pdf: { path: string; pageCount: number; bytes: number; sha256: string } | null;
}> {
  const started = Date.now();
  const { db, close } = await createDatabase({ driver: 'pglite', dataDir: null });
  // Page images go to a scratch folder, not to memory: RSS stays flat on 1,000-page volumes.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sohoa-analyze-'));
  await runMigrations({ db });
  const pageProcessor = createPooledPageProcessor({ settings: { ocrEngine }, threads });
  let wake = () => undefined as void;
  const deps = createDependencies({
    db,
    blobStore: createFsBlobStore({ root: path.join(scratch, 'blobs') }),
    logger: createSilentLogger(),
    settings: TEST_SETTINGS,
    pageProcessor,
    tempDir: path.join(scratch, 'tmp'),
    maxFileBytes: 8 * 1024 ** 3,
    onJobsEnqueued: () => wake(),
  });
  const runner = createJobRunner({
    jobsRepository: deps.jobsRepository,
    definitions: createPipelineJobDefinitions({ deps: { ...deps, ocrEngineName: ocrEngine } }),
    concurrency: threads + 1,
    logger: deps.logger,
    pollMs: 100,
    exclusive: true,
  });
  wake = () => runner.wake();
  try {
    const { unit } = await deps.unitsRepository.create({
      unit: { code: 'ANALYZE', name: 'sohoa analyze', level: 'PROVINCIAL', parentId: null },
    });
    const { case: created } = await createCasesRepository({ db }).create({
      fields: {
        unitId: unit.id,
        title: 'analyze',
        kind: caseKind,
        nationalCode: null,
        internalNumber: null,
        charges: [],
        stage: 'INVESTIGATION',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: null,
      assigneeIds: [],
    });
    const results: IntakeFileResult[] = [];
    await runner.start();
    for (const [i, volume] of (await planVolumes(inputs)).entries()) {
      const { results: r } = await intakeFiles({
        actor: null,
        caseId: created.id,
        volumeNumber: i + 1,
        files: volume.files.map((file) => ({
          name: path.basename(file),
          open: () => createReadStream(file),
        })),
        context: SYSTEM_CONTEXT,
        deps,
      });
      results.push(...r);
    }
    for (;;) {
      const { progress } = await getProgress({
        actor: null,
        caseId: created.id,
        context: SYSTEM_CONTEXT,
        deps,
      });
      onProgress?.({
        done: progress.donePages,
        total: progress.expectedPages,
        failed: progress.failedPages,
      });
      if (progress.finished) {
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await runner.stop();
    await structureCase({ caseId: created.id, deps });
    // Failed pages are exported without text rather than blocking the file (force).
    const written = pdf
      ? await buildCasePdfFile({
          found: created,
          profile: pdf.profile,
          volume: null,
          force: true,
          destination: path.resolve(pdf.path),
          deps,
          now: new Date(),
        })
      : null;
    const { documents } = await deps.documentsRepository.listByCase({ caseId: created.id });
    const { pages } = await deps.pagesRepository.listCasePages({ caseId: created.id });
    const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId: created.id });
    const textById = new Map(texts.map((t) => [t.id, t.ocr_text ?? '']));
    const refById = new Map(pages.map((p) => [p.id, refOf(p.file_name, p.source_index)]));
    const { report } = await getIntegrityReport({
      actor: null,
      caseId: created.id,
      context: SYSTEM_CONTEXT,
      deps,
    });
    const output: EvaluationOutput = {
      pages: pages.map((row) => {
        const p = effectivePage(row);
        return {
          ref: refById.get(p.id)!,
          text: p.isBlank ? '' : (textById.get(p.id) ?? ''),
          // Inferred values are not what is stamped on the sheet: the evaluation asks for what is read.
          butluc: p.butLucSource === 'INFERRED' ? null : p.butLuc,
          blank: p.isBlank,
          rotation: p.rotation,
          butluc_confidence: p.butLucConfidence,
        };
      }),
      documents: documents.map((d) => {
        const refs = (d.metadata as { pageRefs?: string[] }).pageRefs ?? [];
        return {
          first_page: refs[0],
          last_page: refs[refs.length - 1],
          type: d.type_code,
          title: d.title,
          number: d.number,
          date: isoDateOf(d.issued_on),
          issuing_agency: d.issuer,
          section: d.section_code,
          persons: (d.metadata as { persons?: unknown[] }).persons ?? [],
        };
      }),
      butluc_anomalies: report.anomalies.map((a) => ({
        type: a.type,
        pages: a.pages.map((id) => refById.get(id) ?? id),
        butluc: a.butluc,
      })),
      rejected_files: results.flatMap((r) =>
        r.status === 'rejected' ? [{ file: r.fileName, code: r.code, message: r.messages.en }] : [],
      ),
    };
    return {
      output,
      results,
      seconds: (Date.now() - started) / 1000,
      pdf: written
        ? {
            path: written.path,
            pageCount: written.pageCount,
            bytes: written.bytes,
            sha256: written.sha256,
          }
        : null,
    };
  } finally {
    await runner.stop();
    await pageProcessor.close();
    await close();
    await rm(scratch, { recursive: true, force: true });
  }
}
