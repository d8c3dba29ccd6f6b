import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImagePdf,
  renderPage,
} from '../../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import type { Actor } from '../access/access.types.ts';
import {
  createTestDependencies,
  createTestJobRunner,
  seedUnitWithClerk,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDatabase } from '../database/database.test-utils.ts';
import { correctPage, getIntegrityReport, getProgress } from '../pages/pages.usecases.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { intakeFiles } from './intake.usecases.ts';

/*
 * Intake of every accepted format and of bad files, in one batch, through the real pipeline
 * (in-thread processor, real OCR) on PGlite.
 */
const file = (name: string, bytes: Uint8Array) => ({
  name,
  open: () => Readable.from([Buffer.from(bytes)]),
});

describe('intake and pipeline', () => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let actor: Actor;
  let caseId: string;
  let runner: ReturnType<typeof createTestJobRunner>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    close = database.close;
    deps = createTestDependencies({ db: database.db, onJobsEnqueued: () => runner.wake() });
    runner = createTestJobRunner({ deps });
    const seeded = await seedUnitWithClerk({ deps });
    actor = seeded.actor;
    const unit = { id: seeded.unitId };
    const { case: created } = await deps.casesRepository.create({
      fields: {
        unitId: unit.id,
        title: 'Vụ kiểm thử',
        kind: 'criminal',
        nationalCode: null,
        internalNumber: null,
        charges: [],
        stage: 'INVESTIGATION',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: actor.userId,
      assigneeIds: [actor.userId],
    });
    caseId = created.id;
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await deps.pageProcessor.close();
    await close();
  });

  it('ingests PDF, TIFF, JPEG and PNG in one batch, rejects bad files by name, and numbers every page', async () => {
    const pages = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => renderPage({ butLuc: n, dpi: 150 })),
    );
    const pdf = await buildImagePdf({ jpegs: [pages[0]!, pages[1]!], dpi: 150 });
    const tiff = new Uint8Array(await sharp(pages[2]).tiff().toBuffer());
    const png = new Uint8Array(await sharp(pages[4]).png().toBuffer());
    const { results } = await intakeFiles({
      actor,
      caseId,
      volumeNumber: 1,
      files: [
        file('tap_01.pdf', pdf),
        file('empty.pdf', new Uint8Array()),
        file('to_khai.tif', tiff),
        file('notes.jpg', new TextEncoder().encode('this is not an image at all')),
        file('trang_4.jpg', pages[3]!),
        file('trang_5.png', png),
        file('tap_01 copy.pdf', pdf),
      ],
      context: SYSTEM_CONTEXT,
      deps,
    });
    expect(results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'rejected',
      'accepted',
      'accepted',
      'duplicate',
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected[0]).toMatchObject({ code: 'source.empty' });
    for (const r of rejected) {
      expect(r.messages.vi).toContain(r.fileName);
      expect(r.messages.en).toContain(r.fileName);
    }

    for (;;) {
      const { progress } = await getProgress({ actor, caseId, context: SYSTEM_CONTEXT, deps });
      if (progress.finished) {
        expect(progress).toMatchObject({ expectedPages: 5, donePages: 5, failedPages: 0 });
        expect(progress.rejectedFiles.map((f) => f.fileName)).toEqual(['empty.pdf', 'notes.jpg']);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const { pages: rows } = await deps.pagesRepository.listCasePages({ caseId });
    expect(rows.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((p) => p.but_luc)).toEqual([1, 2, 3, 4, 5]);
    const { pages: texts } = await deps.pagesRepository.listCasePageTexts({ caseId });
    expect(texts[0]?.ocr_text).toMatch(/BIÊN BẢN GHI LỜI KHAI/);
    const { report } = await getIntegrityReport({ actor, caseId, context: SYSTEM_CONTEXT, deps });
    expect(report).toMatchObject({ anomalies: [], highestButLuc: 5, complete: true });
    // Nothing half-written is left in the scratch folder.
    expect((await readdir(deps.tempDir)).filter((n) => !n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('re-processes a page whose orientation a person corrected, and keeps the correction', async () => {
    const { pages: before } = await deps.pagesRepository.listCasePages({ caseId });
    const target = before[1]!;
    expect(target.rotation).toBe(0);
    await correctPage({
      actor,
      caseId,
      pageId: target.id,
      changes: { rotation: 180 },
      context: SYSTEM_CONTEXT,
      deps,
    });
    for (;;) {
      const { page } = await deps.pagesRepository.getPage({ pageId: target.id });
      if (page?.status === 'DONE' && page.processed_at) {
        expect(page.rotation).toBe(180);
        expect(page.manual).toEqual({ rotation: 180 });
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  it('reports an upload cut mid-way as truncated and leaves nothing behind', async () => {
    const cut = new Readable({
      read() {
        this.push(Buffer.alloc(256 * 1024, 1));
        this.destroy(new Error('connection reset by peer'));
      },
    });
    const before = (await deps.pagesRepository.listCasePages({ caseId })).pages.length;
    const { results } = await intakeFiles({
      actor,
      caseId,
      volumeNumber: 3,
      files: [
        { name: 'tap_lon.pdf', open: () => cut },
        file('trang_6.jpg', await renderPage({ butLuc: 6, dpi: 150 })),
      ],
      context: SYSTEM_CONTEXT,
      deps,
    });
    expect(results.map((r) => [r.fileName, r.status])).toEqual([
      ['tap_lon.pdf', 'rejected'],
      ['trang_6.jpg', 'accepted'],
    ]);
    expect(results[0]).toMatchObject({ code: 'source.truncated' });
    // Only intake's own scratch names: the pipeline, still running here, keeps its local copy of
    // the accepted page (`<sourceId>.<kind>`) in the same folder while it splits it.
    expect(
      (await readdir(deps.tempDir)).filter((n) => n.endsWith('.part') || n.endsWith('.zip.d')),
    ).toEqual([]);
    const { sources } = await deps.pagesRepository.progress({ caseId });
    expect(sources.length).toBeGreaterThan(0);
    expect(
      (await deps.pagesRepository.listCasePages({ caseId })).pages.length,
    ).toBeGreaterThanOrEqual(before);
  });
});
