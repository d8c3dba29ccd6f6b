import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { structureCase as structurePages, type PageAnalysis } from '@sohoa/processing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  renderPage,
  SAMPLE_LINES,
} from '../../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import type { Actor } from '../access/access.types.ts';
import {
  createTestDependencies,
  createTestJobRunner,
  seedUnitWithClerk,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDatabase } from '../database/database.test-utils.ts';
import { structureCase } from '../documents/documents.usecases.ts';
import { intakeFiles } from '../intake/intake.usecases.ts';
import { getProgress } from '../pages/pages.usecases.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { fileSource } from '../../../../../packages/processing/src/sources/byte-source.ts';
import { resolveLimits } from '../../../../../packages/processing/src/sources/limits.ts';
import { openPdfJs } from '../../../../../packages/processing/src/sources/pdf/pdfjs.ts';
import { createAnnotation } from '../annotations/annotations.usecases.ts';
import { exportCasePdf, getExportManifest } from './exports.usecases.ts';

/*
 * The export over a real database and blob store, with a scripted page processor: each "file" is a
 * JSON list of pages (lines, bút lục, stored sideways or not); images are rendered Vietnamese pages
 * and the OCR words are laid on the rendered lines, so the text layer is known exactly.
 */
interface FakePage {
  lines: string[] | null;
  butLuc: number | null;
  sideways?: boolean;
}

const DPI = 100;
const W = Math.round((210 / 25.4) * DPI);
const H = Math.round((297 / 25.4) * DPI);
const KHOI_TO = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ',
  'Căn cứ Điều 179 Bộ luật Tố tụng hình sự, khởi tố vụ án Trộm cắp tài sản.',
];
const tools = ['qpdf', 'pdfinfo', 'pdftotext'].every((t) => {
  try {
    execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function fakeWords(lines: string[]) {
  const charWidth = (W - 2 * 0.9 * DPI) / 70;
  return lines.flatMap((line, i) => {
    let x = 0.9 * DPI;
    const y0 = 1.2 * DPI + (i * DPI) / 4.2;
    return line.split(' ').map((text) => {
      const box = [x / W, y0 / H, (x + text.length * charWidth) / W, (y0 + DPI / 6) / H] as [
        number,
        number,
        number,
        number,
      ];
      x += (text.length + 1) * charWidth;
      return { text, confidence: 95, box };
    });
  });
}

async function blankPage() {
  const { default: sharp } = await import('sharp');
  const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: '#fbfaf5' } })
    .greyscale()
    .jpeg()
    .toBuffer();
  return new Uint8Array(jpeg);
}

function createFakeProcessor(): PageProcessor {
  const byHash = new Map<string, { page: FakePage; upright: Uint8Array }>();
  const hash = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
  const readPages = async (p: string) =>
    JSON.parse(await (await import('node:fs/promises')).readFile(p, 'utf8')) as FakePage[];
  return {
    inspectSource: async ({ path: p }) => ({ kind: 'pdf', pageCount: (await readPages(p)).length }),
    expandZip: () => Promise.reject(new Error('no zip here')),
    async extractPage({ path: p, index }) {
      const page = (await readPages(p))[index]!;
      const lines = page.lines ?? [];
      const upright = page.lines
        ? await renderPage({ lines, butLuc: page.butLuc, dpi: DPI })
        : await blankPage();
      const stored = page.sideways
        ? await renderPage({ lines, butLuc: page.butLuc, dpi: DPI, rotateDegrees: 90 })
        : upright;
      byHash.set(hash(stored), { page, upright });
      const [widthPx, heightPx] = page.sideways ? [H, W] : [W, H];
      return {
        index,
        image: { bytes: stored, format: 'jpeg', widthPx, heightPx, dpi: DPI },
        textLayer: null,
      };
    },
    analyzePage({ image }): Promise<PageAnalysis> {
      const { page, upright } = byHash.get(hash(image))!;
      return Promise.resolve({
        rotation: page.sideways ? 270 : 0,
        skewDegrees: 0,
        isBlank: page.lines === null,
        upright: { bytes: upright, widthPx: W, heightPx: H },
        ocr: page.lines
          ? {
              text: page.lines.join('\n'),
              words: fakeWords(page.lines),
              meanConfidence: 95,
              engine: 'fake',
            }
          : null,
        butLuc: {
          value: page.butLuc,
          raw: page.butLuc === null ? null : String(page.butLuc),
          confidence: 0.95,
        },
      });
    },
    structureCase: (input) => Promise.resolve(structurePages(input)),
    close: () => Promise.resolve(),
  };
}

describe('exportCasePdf', () => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let actor: Actor;
  let runner: ReturnType<typeof createTestJobRunner>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    close = database.close;
    deps = createTestDependencies({ db: database.db, pageProcessor: createFakeProcessor() });
    runner = createTestJobRunner({ deps });
    actor = (await seedUnitWithClerk({ deps })).actor;
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await close();
  });

  async function ingest(volumes: FakePage[][], { wait = true } = {}) {
    const { case: created } = await deps.casesRepository.create({
      fields: {
        unitId: actor.unitId,
        title: 'Vụ án Trộm cắp tài sản',
        kind: 'criminal',
        nationalCode: `HS-${Math.random().toString(36).slice(2, 8)}`,
        internalNumber: null,
        charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1', law: 'BLHS 2015' }],
        stage: 'INVESTIGATION',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: actor.userId,
      assigneeIds: [actor.userId],
    });
    for (const [i, pages] of volumes.entries()) {
      await intakeFiles({
        actor,
        caseId: created.id,
        volumeNumber: i + 1,
        files: [
          {
            name: `tap_0${i + 1}.pdf`,
            open: () => Readable.from([Buffer.from(JSON.stringify(pages))]),
          },
        ],
        context: SYSTEM_CONTEXT,
        deps,
      });
    }
    while (wait) {
      const { progress } = await getProgress({
        actor,
        caseId: created.id,
        context: SYSTEM_CONTEXT,
        deps,
      });
      if (progress.finished) {
        await structureCase({ caseId: created.id, deps });
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return created.id;
  }

  const cover: FakePage = { lines: ['HỒ SƠ VỤ ÁN', 'Vụ án Trộm cắp tài sản'], butLuc: null };
  const volume = (): FakePage[] => [
    cover,
    { lines: KHOI_TO, butLuc: 1 },
    { lines: null, butLuc: null },
    { lines: SAMPLE_LINES, butLuc: 2, sideways: true },
  ];
  const exportsDir = () => path.join(deps.tempDir, 'exports');
  const partials = () =>
    existsSync(exportsDir()) ? readdirSync(exportsDir()).filter((f) => f.endsWith('.part')) : [];

  it.skipIf(!tools)(
    'exports a verified, searchable case file with bút lục labels and an outline',
    async () => {
      const caseId = await ingest([volume()]);
      const { export: file } = await exportCasePdf({
        caseId,
        profile: 'pdfa',
        actor,
        context: SYSTEM_CONTEXT,
        deps,
      });
      expect(file).toMatchObject({ incomplete: false, pageCount: 7 });
      expect(file.verifiedPages).toBeGreaterThan(0);
      expect(run('qpdf', ['--check', file.path])).toContain('No syntax or stream encoding errors');
      expect(run('pdfinfo', [file.path])).toMatch(/Pages:\s+7\n/);
      // Page 5 (front matter i, ii, iii; cover; then bút lục 1) is the decision to prosecute.
      expect(run('pdftotext', ['-f', '5', '-l', '5', file.path, '-']).trim().split('\n')).toEqual(
        KHOI_TO,
      );
      // The sideways scan is embedded as stored and turned by /Rotate; its text reads upright.
      expect(run('pdftotext', ['-f', '7', '-l', '7', file.path, '-']).trim().split('\n')).toEqual(
        SAMPLE_LINES,
      );
      const json = JSON.parse(
        run('qpdf', ['--json=2', '--json-key=pagelabels', '--json-key=outlines', file.path]),
      ) as {
        pagelabels: Array<{ index: number; label: Record<string, unknown> }>;
        outlines: Array<{
          title: string;
          kids: Array<{ title: string; destpageposfrom1: number }>;
        }>;
      };
      expect(json.pagelabels.map((l) => [l.index, l.label['/P'] ?? l.label['/S']])).toEqual([
        [0, '/r'],
        [3, 'u:Bìa'],
        [4, '/D'],
        [5, 'u:1 (mặt sau)'],
        [6, '/D'],
      ]);
      const documents = json.outlines.flatMap((o) => o.kids);
      expect(documents.map((d) => d.destpageposfrom1)).toEqual(expect.arrayContaining([5, 7]));
      expect(documents.find((d) => d.destpageposfrom1 === 5)!.title).toMatch(
        /^QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ.* – BL 1$/,
      );
      const { events } = await deps.auditRepository.list({ caseId, action: 'case.pdf.exported' });
      expect(events).toHaveLength(1);
      expect(events[0]!.details).toMatchObject({ profile: 'pdfa', pages: 7, sha256: file.sha256 });
    },
  );

  it('refuses a case whose OCR is unfinished, and marks a forced export "CHƯA HOÀN TẤT"', async () => {
    const caseId = await ingest([volume()]);
    await deps.db
      .updateTable('pages')
      .set({ status: 'PENDING' })
      .where('case_id', '=', caseId)
      .where('seq', '=', 2)
      .execute();
    await expect(
      exportCasePdf({ caseId, profile: 'working', actor, context: SYSTEM_CONTEXT, deps }),
    ).rejects.toMatchObject({ code: 'export.ocr_unfinished', details: { pendingPages: 1 } });
    const { export: file } = await exportCasePdf({
      caseId,
      profile: 'working',
      force: true,
      actor,
      context: SYSTEM_CONTEXT,
      deps,
    });
    expect(file.incomplete).toBe(true);
    if (tools) {
      expect(run('pdftotext', ['-f', '1', '-l', '1', file.path, '-'])).toContain('CHƯA HOÀN TẤT');
    }
  });

  it('names the page whose image is missing and leaves no file behind', async () => {
    const caseId = await ingest([volume()]);
    const page = await deps.db
      .selectFrom('pages')
      .select(['original_blob_key'])
      .where('case_id', '=', caseId)
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    // Another case may share the blob (same content): point this page at a blob that is not there.
    await deps.db
      .updateTable('pages')
      .set({
        original_blob_key: page.original_blob_key!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      })
      .where('case_id', '=', caseId)
      .where('seq', '=', 3)
      .execute();
    const before = existsSync(exportsDir()) ? readdirSync(exportsDir()) : [];
    const error = await exportCasePdf({
      caseId,
      profile: 'working',
      actor,
      context: SYSTEM_CONTEXT,
      deps,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'export.source_missing',
      details: { issues: [{ path: 'page', message: 'tap_01.pdf#3 (tập 1, trang 3)' }] },
    });
    expect(readdirSync(exportsDir()).filter((f) => f.startsWith(caseId))).toEqual(
      before.filter((f) => f.startsWith(caseId)),
    );
    expect(partials()).toEqual([]);
  });

  it('serialises concurrent exports of one case and exports one volume on request', async () => {
    const caseId = await ingest([volume(), [cover, { lines: KHOI_TO, butLuc: 3 }]]);
    // One instant for both: the PDF's creation date and file id come from it (to the millisecond),
    // so two overlapping exports give the same bytes only when nothing interleaved their writes.
    const now = new Date();
    const [a, b, v2] = await Promise.all([
      exportCasePdf({ caseId, profile: 'working', actor, context: SYSTEM_CONTEXT, deps, now }),
      exportCasePdf({ caseId, profile: 'working', actor, context: SYSTEM_CONTEXT, deps, now }),
      exportCasePdf({
        caseId,
        profile: 'working',
        volume: 2,
        actor,
        context: SYSTEM_CONTEXT,
        deps,
      }),
    ]);
    expect(a.export.sha256).toBe(b.export.sha256);
    expect(a.export.pageCount).toBe(3 + 6);
    expect(v2.export.pageCount).toBe(3 + 2);
    expect(partials()).toEqual([]);
    if (tools) {
      expect(run('pdfinfo', [v2.export.path])).toMatch(/Pages:\s+5\n/);
    }
  });

  it.skipIf(!tools)(
    'stores a manifest of each export and stamps a copy (bản sao) with the actor, audited',
    async () => {
      const caseId = await ingest([volume()]);
      const { export: master } = await exportCasePdf({
        caseId,
        profile: 'working',
        actor,
        context: SYSTEM_CONTEXT,
        deps,
      });
      const { bytes } = await getExportManifest({
        caseId,
        sha256: master.manifestSha256,
        actor,
        context: SYSTEM_CONTEXT,
        deps,
      });
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(master.manifestSha256);
      const manifest = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
        format: string;
        export: { sha256: string; bytes: number; pages: number };
        sources: Array<{ name: string; volume: number; sha256: string }>;
        pages: Array<{
          pdfPage: number;
          label: string;
          pageId: string | null;
          sourceIndex: number | null;
        }>;
      };
      expect(manifest.format).toBe('sohoa-export-manifest/1');
      expect(manifest.export).toEqual({ sha256: master.sha256, bytes: master.bytes, pages: 7 });
      expect(manifest.sources).toHaveLength(1);
      expect(manifest.sources[0]).toMatchObject({ name: 'tap_01.pdf', volume: 1 });
      expect(manifest.pages.map((p) => p.label)).toEqual([
        'i',
        'ii',
        'iii',
        'Bìa',
        '1',
        '1 (mặt sau)',
        '2',
      ]);
      expect(manifest.pages.map((p) => p.sourceIndex)).toEqual([null, null, null, 0, 1, 2, 3]);
      // The provenance page lists the source file with its SHA-256.
      const page3 = run('pdftotext', ['-f', '3', '-l', '3', master.path, '-']);
      expect(page3).toContain(manifest.sources[0]!.sha256);
      expect(page3).toContain('tap_01.pdf');
      expect(run('pdftotext', [master.path, '-'])).not.toContain('BẢN SAO');

      // Another case does not serve this case's manifest.
      const other = await ingest([[cover]], { wait: false });
      await expect(
        getExportManifest({
          caseId: other,
          sha256: master.manifestSha256,
          actor,
          context: SYSTEM_CONTEXT,
          deps,
        }),
      ).rejects.toMatchObject({ code: 'export.manifest_not_found' });

      const now = new Date('2026-11-29T03:04:00Z');
      const { export: copy } = await exportCasePdf({
        caseId,
        profile: 'working',
        watermark: true,
        actor,
        context: SYSTEM_CONTEXT,
        deps,
        now,
      });
      expect(copy.path).not.toBe(master.path);
      expect(copy.fileName).toMatch(/-ban-sao\.pdf$/);
      const { user } = await deps.usersRepository.getById({ userId: actor.userId });
      const { unit } = await deps.unitsRepository.getById({ unitId: actor.unitId });
      const stamp = `BẢN SAO – ${user!.fullName} – ${unit!.name} – 29/11/2026 10:04`;
      const page4 = run('pdftotext', ['-raw', '-f', '5', '-l', '5', copy.path, '-']);
      expect(page4.replace(/\s+/g, '')).toContain(stamp.replace(/\s+/g, ''));
      const { events } = await deps.auditRepository.list({ caseId, action: 'case.pdf.exported' });
      const audited = events.find((e) => (e.details as { sha256?: string }).sha256 === copy.sha256);
      expect(audited!.details).toMatchObject({
        manifestSha256: copy.manifestSha256,
        watermark: { fullName: user!.fullName, unitName: unit!.name, at: now.toISOString() },
      });
    },
  );

  it('draws shared or own annotations as PDF highlights and notes on their pages', async () => {
    const caseId = await ingest([volume()]);
    const { pages } = await deps.pagesRepository.listCasePages({ caseId });
    const bySeq = new Map(pages.map((p) => [p.seq, p.id]));
    const annotate = (body: Parameters<typeof createAnnotation>[0]['body']) =>
      createAnnotation({ actor, caseId, body, context: SYSTEM_CONTEXT, deps });
    await annotate({
      kind: 'region',
      pageId: bySeq.get(2)!,
      rect: { x: 0.1, y: 0.1, w: 0.5, h: 0.1 },
      text: 'Căn cứ khởi tố',
      visibility: 'shared',
    });
    await annotate({
      kind: 'note',
      pageId: bySeq.get(4)!,
      point: { x: 0.5, y: 0.4 },
      text: 'Ghi chú riêng của tôi',
    });
    const read = async (file: string) => {
      const source = fileSource(file);
      const doc = await openPdfJs(source, resolveLimits(undefined));
      try {
        const out: Array<{ page: number; subtype: string; text: string | undefined }> = [];
        for (let n = 4; n <= doc.numPages; n++) {
          for (const a of (await (await doc.getPage(n)).getAnnotations()) as Array<{
            subtype: string;
            contentsObj?: { str: string };
          }>) {
            out.push({ page: n, subtype: a.subtype, text: a.contentsObj?.str });
          }
        }
        return out;
      } finally {
        await doc.destroy();
        source.close();
      }
    };
    const exportWith = async (annotations: 'shared' | 'mine' | 'none') =>
      (
        await exportCasePdf({
          caseId,
          profile: 'pdfa',
          annotations,
          actor,
          context: SYSTEM_CONTEXT,
          deps,
        })
      ).export;
    const plain = await exportWith('none');
    expect(await read(plain.path)).toEqual([]);
    const shared = await exportWith('shared');
    expect(shared.fileName).toMatch(/-ghi-chu\.pdf$/);
    // Pages: i, ii, iii (front matter), 4 = cover, 5 = BL 1, 6 = blank back, 7 = BL 2.
    expect(await read(shared.path)).toEqual([
      { page: 5, subtype: 'Highlight', text: 'Căn cứ khởi tố' },
    ]);
    const mine = await exportWith('mine');
    expect(await read(mine.path)).toEqual([
      { page: 5, subtype: 'Highlight', text: 'Căn cứ khởi tố' },
      { page: 7, subtype: 'Text', text: 'Ghi chú riêng của tôi' },
    ]);
    if (tools) {
      expect(() => run('qpdf', ['--check', mine.path])).not.toThrow();
    }
    const { events } = await deps.auditRepository.list({ caseId, action: 'case.pdf.exported' });
    expect(events.map((e) => (e.details as { annotations?: unknown }).annotations)).toContainEqual({
      mode: 'mine',
      count: 2,
    });
  }, 120_000);
});
