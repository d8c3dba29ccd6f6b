import { Readable } from 'node:stream';
import type { PageAnalysis } from '@sohoa/processing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import {
  createTestDependencies,
  createTestJobRunner,
  seedUnitWithClerk,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDatabase } from '../database/database.test-utils.ts';
import { intakeFiles } from '../intake/intake.usecases.ts';
import { getProgress } from '../pages/pages.usecases.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { seedCaseDocuments } from './timeline.test-utils.ts';
import { getCaseTimeline } from './timeline.usecases.ts';

/*
 * Charges and the crime category come from the OCR text of the charging documents' pages: a
 * scripted page processor gives each page its text (each "file" is a JSON list of page texts).
 */
const fakeProcessor: PageProcessor = {
  async inspectSource({ path }) {
    const { readFile } = await import('node:fs/promises');
    return {
      kind: 'pdf',
      pageCount: (JSON.parse(await readFile(path, 'utf8')) as string[]).length,
    };
  },
  expandZip: () => Promise.reject(new Error('no zip here')),
  async extractPage({ path, index }) {
    const { readFile } = await import('node:fs/promises');
    const text = (JSON.parse(await readFile(path, 'utf8')) as string[])[index]!;
    return {
      index,
      image: {
        bytes: new TextEncoder().encode(text),
        format: 'png',
        widthPx: 100,
        heightPx: 141,
        dpi: null,
      },
      textLayer: null,
    };
  },
  analyzePage({ image }): Promise<PageAnalysis> {
    return Promise.resolve({
      rotation: 0,
      skewDegrees: 0,
      isBlank: false,
      upright: { bytes: image, widthPx: 100, heightPx: 141 },
      ocr: { text: new TextDecoder().decode(image), words: [], meanConfidence: 90, engine: 'fake' },
      butLuc: { value: null, raw: null, confidence: 0 },
    });
  },
  structureCase: () => Promise.resolve({ documents: [] }),
  close: () => Promise.resolve(),
};

describe('charges and crime category read from page texts', () => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let actor: Actor;
  let runner: ReturnType<typeof createTestJobRunner>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    close = database.close;
    deps = createTestDependencies({ db: database.db, pageProcessor: fakeProcessor });
    runner = createTestJobRunner({ deps });
    actor = (await seedUnitWithClerk({ deps })).actor;
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await close();
  });

  it('finds the charge, infers the category from the quoted penalty and runs the detention clock', async () => {
    const { case: created } = await deps.casesRepository.create({
      fields: {
        unitId: actor.unitId,
        title: 'Trộm cắp',
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
    const caseId = created.id;
    const pages = [
      'QUYẾT ĐỊNH KHỞI TỐ BỊ CAN\nKhởi tố bị can đối với: Lê Văn Tám\nvề tội “Trộm cắp tài sản” quy định tại điểm c khoản 2\nĐiều 173 Bộ luật Hình sự, có khung hình phạt tù từ 02 năm đến 07 năm.',
      'LỆNH TẠM GIAM\nTạm giam bị can Lê Văn Tám',
    ];
    await intakeFiles({
      actor,
      caseId,
      volumeNumber: 1,
      files: [
        { name: 'tap_01.pdf', open: () => Readable.from([Buffer.from(JSON.stringify(pages))]) },
      ],
      context: SYSTEM_CONTEXT,
      deps,
    });
    for (;;) {
      const { progress } = await getProgress({ actor, caseId, context: SYSTEM_CONTEXT, deps });
      if (progress.finished) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const { pages: stored } = await deps.pagesRepository.listCasePages({ caseId });
    expect(stored).toHaveLength(2);
    const volumeId = (await deps.pagesRepository.volumeIdsByNumber({ caseId })).get(1)!;
    await seedCaseDocuments({
      db: deps.db,
      caseId,
      volumeId,
      documents: [
        { typeCode: 'QD_KHOI_TO_BI_CAN', seq: stored[0]!.seq },
        { typeCode: 'LENH_TAM_GIAM', seq: stored[1]!.seq },
      ].map(({ typeCode, seq }) => ({
        typeCode,
        date: '2024-01-10',
        firstSeq: seq,
        lastSeq: seq,
        persons: [{ name: 'Lê Văn Tám', role: 'BI_CAN' }],
      })),
    });

    const { timeline } = await getCaseTimeline({
      actor,
      caseId,
      context: SYSTEM_CONTEXT,
      deps,
      now: new Date('2024-03-01T00:00:00Z'),
    });
    expect(timeline.charges).toEqual([
      expect.objectContaining({
        name: 'Trộm cắp tài sản',
        article: 173,
        clause: 2,
        point: 'c',
        source: 'document',
      }),
    ]);
    expect(timeline.crimeCategory).toMatchObject({
      category: 'NGHIEM_TRONG',
      source: 'penalty',
      verify: true,
      article: 'BLHS Điều 9',
    });
    expect(timeline.crimeCategory.evidence).toContain('02 năm đến 07 năm');
    expect(timeline.clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA')).toMatchObject({
      person: 'Lê Văn Tám',
      due: '2024-04-10',
      status: 'running',
    });
  });
});
