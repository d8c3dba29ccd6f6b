import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, truncate, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import { createTestJobRunner, createTestServer } from '../app/server.test-utils.ts';
import { buildBlobKey } from '../blobs/blobs.models.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import {
  editStructure,
  getCaseStructure,
  revertStructureEdit,
  structureCase,
} from '../documents/documents.usecases.ts';
import { correctPage } from '../pages/pages.usecases.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { isDomainError } from '../shared/errors/errors.ts';
import { generateId } from '../shared/ids/ids.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { exportCasePackage } from './transfer.export.ts';
import { importCasePackage } from './transfer.import.ts';
import { sealManifest, type Manifest } from './transfer.manifest.ts';
import { editsOf, pageLineOf } from './transfer.rows.ts';
import {
  patchEntryName,
  readPackageEntries,
  readPackageManifest,
  rewritePackage,
} from './transfer.test-utils.ts';

/*
 * The transfer package end to end: a case built by the real pipeline (scripted pages, real
 * structuring), corrected by a reviewer, exported, imported into a FRESH database under another
 * unit, compared column by column, exported again; and damaged packages refused with nothing left.
 */
const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const VOLUME_1: ScriptedPage[] = [
  {
    text: `VIỆN KIỂM SÁT NHÂN DÂN HUYỆN TIÊN LÃNG\n${HEADING}\nSố: 31/QĐ-VKS Tiên Lãng, ngày 02 tháng 8 năm 2022\nQUYẾT ĐỊNH\nPHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN`,
    butLuc: 1,
  },
  { text: 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nVIỆN TRƯỞNG', butLuc: 2 },
  { text: 'Danh sách kèm theo các tài liệu về việc khởi tố bị can.', butLuc: 3 },
  { text: '', butLuc: null, blank: true },
  {
    text: `CÔNG AN HUYỆN TIÊN LÃNG\n${HEADING}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 09 giờ 00 phút, ngày 03 tháng 8 năm 2022, tại trụ sở Công an huyện.`,
    butLuc: 4,
  },
  { text: 'Hỏi: Anh trình bày sự việc?\nTrả lời: Tôi không biết.', butLuc: 5 },
];
const VOLUME_2: ScriptedPage[] = [
  {
    text: `CÔNG AN HUYỆN TIÊN LÃNG\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n${HEADING}\nSố: 77/QĐ-CSĐT Tiên Lãng, ngày 05 tháng 8 năm 2022\nQUYẾT ĐỊNH\nTRƯNG CẦU GIÁM ĐỊNH`,
    butLuc: 6,
  },
  { text: 'Điều 3. Giao cho Điều tra viên tổ chức thực hiện.', butLuc: 7 },
];

type Server = Awaited<ReturnType<typeof createTestServer>>;

/** A unit with one clerk on a server (each test database gets its own). */
async function seedUnit(
  server: Server,
  code: string,
  name: string,
  parentId: string | null = null,
): Promise<Actor> {
  const { unit } = await server.deps.unitsRepository.create({
    unit: { code, name, level: parentId ? 'REGIONAL' : 'PROVINCIAL', parentId },
  });
  const username = `clerk_${code.toLowerCase()}`;
  const { user } = await server.deps.usersRepository.create({
    user: {
      unitId: unit.id,
      username,
      fullName: `Thư ký ${name}`,
      roles: ['CLERK'],
      passwordHash: 'x',
    },
  });
  return { userId: user.id, username, unitId: unit.id, roles: ['CLERK'] };
}

async function pagesOf(server: Server, caseId: string) {
  const lines = [];
  for await (const batch of server.deps.transferRepository.iteratePages({ caseId, batchSize: 3 })) {
    lines.push(...batch.map(pageLineOf));
  }
  return lines;
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isDomainError(error) ? { code: error.code, entry: error.details?.entry } : error;
  }
}

/** The manifest without what legitimately differs between two installations. */
function comparable(manifest: Manifest) {
  const { createdAt: _c, origin: _o, integrity: _i, ...rest } = manifest;
  return {
    ...rest,
    case: { ...rest.case, createdBy: null, assignees: [] },
    sources: rest.sources.map((s) => ({ ...s, uploadedBy: null })),
    annotations: rest.annotations.map((a) => ({ ...a, author: null })),
    maps: rest.maps.map((m) => ({ ...m, createdBy: null })),
    exhibits: rest.exhibits.map((e) => ({ ...e, createdBy: null })),
  };
}

const variants = await getDbVariants();

describe.each(variants)('transfer package on %s', (variant) => {
  let source: Server;
  let target: Server;
  let victim: Server;
  let sourceActor: Actor;
  let targetActor: Actor;
  let victimActor: Actor;
  let caseId: string;
  let dir: string;
  let packagePath: string;
  let mediaKey: string;
  const pdfBytes = Buffer.from('%PDF-1.7\n% a stand-in for the case PDF\n');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-transfer-'));
    source = await createTestServer({ variant, pageProcessor: createScriptedPageProcessor() });
    target = await createTestServer({ variant });
    victim = await createTestServer({ variant });
    sourceActor = await seedUnit(source, 'HP', 'VKSND TP Hải Phòng');
    targetActor = await seedUnit(target, 'QN', 'VKSND tỉnh Quảng Ninh');
    victimActor = await seedUnit(victim, 'TB', 'VKSND tỉnh Thái Bình');
    const runner = createTestJobRunner({ deps: source.deps });
    await runner.start();
    try {
      ({ caseId } = await ingestScriptedCase({
        deps: source.deps,
        actor: sourceActor,
        volumes: [VOLUME_1, VOLUME_2],
        title: 'Vụ Nguyễn Văn A — cố ý gây thương tích',
      }));
    } finally {
      await runner.stop();
    }
    await structureCase({ caseId, deps: source.deps });
    const ctx = { context: SYSTEM_CONTEXT, deps: source.deps, actor: sourceActor, caseId };
    const { structure } = await getCaseStructure({ ...ctx, actor: null });
    const docs = structure.sections.flatMap((s) => s.documents);
    const long = docs.find((d) => d.pageIds.length >= 3)!;
    await editStructure({ ...ctx, edit: { op: 'split', pageId: long.pageIds[2]! } });
    const { editId } = await editStructure({
      ...ctx,
      edit: { op: 'setType', documentId: docs[docs.length - 1]!.id, typeCode: 'KHAC' },
    });
    await revertStructureEdit({ ...ctx, editId });
    await correctPage({ ...ctx, pageId: long.pageIds[1]!, changes: { butLuc: 2 } });
    await source.deps.db
      .insertInto('annotations')
      .values({
        id: generateId({ prefix: 'ann' }),
        case_id: caseId,
        page_id: long.pageIds[0]!,
        document_id: long.id,
        author_id: sourceActor.userId,
        kind: 'NOTE',
        region: JSON.stringify({ x: 0.1, y: 0.2, w: 0.3, h: 0.1 }),
        body: 'Đối chiếu với lời khai ngày 03/8',
        color: null,
      })
      .execute();
    // A mind map whose node opens a page, and an exhibit list with a callout and a video.
    await source.deps.db
      .insertInto('case_maps')
      .values({
        id: generateId({ prefix: 'map' }),
        case_id: caseId,
        title: 'Sơ đồ vụ án',
        document: JSON.stringify({
          root: {
            id: 'n1',
            text: 'Vụ án',
            children: [
              { id: 'n2', text: 'Lời khai', link: { kind: 'page', pageId: long.pageIds[0] } },
            ],
          },
        }),
        created_by: sourceActor.userId,
      })
      .execute();
    ({ key: mediaKey } = await source.deps.blobStore.put({
      bytes: new TextEncoder().encode('not really a video, but bytes to carry'),
    }));
    await source.deps.db
      .insertInto('exhibits')
      .values([
        {
          id: generateId({ prefix: 'exh' }),
          case_id: caseId,
          position: 1,
          kind: 'REGION',
          label: 'Chữ ký trong biên bản',
          notes: 'Phóng to chữ ký',
          page_id: long.pageIds[1]!,
          rect: JSON.stringify({ x: 0.5, y: 0.7, w: 0.3, h: 0.1 }),
          created_by: sourceActor.userId,
        },
        {
          id: generateId({ prefix: 'exh' }),
          case_id: caseId,
          position: 2,
          kind: 'MEDIA',
          label: 'Video camera an ninh',
          media_blob_key: mediaKey,
          media_content_type: 'video/mp4',
          media_size_bytes: 38,
          media_file_name: 'camera.mp4',
          created_by: sourceActor.userId,
        },
      ])
      .execute();
    const pdfPath = path.join(dir, 'case.pdf');
    await writeFile(pdfPath, pdfBytes);
    packagePath = path.join(dir, 'case.zip');
    await exportCasePackage({
      actor: sourceActor,
      caseId,
      output: createWriteStream(packagePath),
      extraFiles: [{ name: 'case.pdf', path: pdfPath }],
      context: SYSTEM_CONTEXT,
      deps: source.deps,
    });
  }, 180_000); // three databases and a pipeline run: slow on a busy machine
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await victim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a manifest of the whole case with the SHA-256 and size of every other entry', async () => {
    const manifest = await readPackageManifest(packagePath);
    const entries = await readPackageEntries(packagePath);
    expect(manifest.format).toBe('sohoa-package/1');
    expect(manifest.origin.unit).toEqual({ code: 'HP', name: 'VKSND TP Hải Phòng' });
    expect(manifest.case.id).toBe(caseId);
    expect(manifest.volumes.map((v) => v.number)).toEqual([1, 2]);
    expect(manifest.pages.count).toBe(VOLUME_1.length + VOLUME_2.length);
    expect(manifest.edits.map((e) => [e.operation, e.revertedAt !== null])).toEqual([
      ['split', false],
      ['setType', true],
    ]);
    expect(manifest.edits[0]!.createdBy).toEqual({
      username: 'clerk_hp',
      fullName: 'Thư ký VKSND TP Hải Phòng',
    });
    expect(manifest.annotations).toHaveLength(1);
    expect([...entries.keys()].sort()).toEqual(
      ['manifest.json', ...manifest.entries.map((e) => e.name)].sort(),
    );
    for (const entry of manifest.entries) {
      const bytes = entries.get(entry.name)!;
      expect(bytes.length).toBe(entry.sizeBytes);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }
    expect(entries.get('case.pdf')).toEqual(pdfBytes);
    const audit = await source.deps.auditRepository.list({ caseId, action: 'case.exported' });
    expect(audit.events[0]?.details).toMatchObject({ format: 'package' });
  });

  it('refuses a tampered, truncated, unknown or unsafe package and imports nothing', async () => {
    const manifest = await readPackageManifest(packagePath);
    const blob = manifest.entries.find((e) => e.kind === 'blob')!;
    const forged = (name: string) => path.join(dir, `${name}.zip`);
    const importing = (zipPath: string) =>
      codeOf(
        importCasePackage({
          actor: victimActor,
          unitId: victimActor.unitId,
          zipPath,
          context: SYSTEM_CONTEXT,
          deps: victim.deps,
        }),
      );

    // A byte flipped inside a blob (stored uncompressed, so found in place).
    const bytes = await readFile(packagePath);
    const content = (await readPackageEntries(packagePath)).get(blob.name)!;
    const at = bytes.indexOf(content);
    expect(at).toBeGreaterThan(0);
    bytes[at + 5] = bytes[at + 5]! ^ 0x01;
    await writeFile(forged('flipped'), bytes);
    expect(await importing(forged('flipped'))).toEqual({
      code: 'package.entry_mismatch',
      entry: blob.name,
    });

    // The manifest edited (a title changed) without recomputing its checksum.
    await rewritePackage({
      from: packagePath,
      to: forged('edited'),
      edit: (name, b) =>
        name === 'manifest.json'
          ? Buffer.from(b.toString('utf8').replace('cố ý gây thương tích', 'trộm cắp tài sản'))
          : b,
    });
    expect(await importing(forged('edited'))).toEqual({
      code: 'package.manifest_tampered',
      entry: 'manifest.json',
    });

    // Pages edited (bút lục changed): their hash no longer matches the manifest.
    await rewritePackage({
      from: packagePath,
      to: forged('pages'),
      edit: (name, b) =>
        name === 'pages.jsonl'
          ? Buffer.from(b.toString('utf8').replace('"butLuc":7', '"butLuc":8'))
          : b,
    });
    expect(await importing(forged('pages'))).toEqual({
      code: 'package.entry_mismatch',
      entry: 'pages.jsonl',
    });

    // Sealed again, but an exhibit names a page the package does not hold (another generator, or
    // an edit re-sealed): refused before the import, naming the row, not on a foreign key.
    await rewritePackage({
      from: packagePath,
      to: forged('dangling'),
      edit: (name, b) => {
        if (name !== 'manifest.json') {
          return b;
        }
        const { integrity: _integrity, ...rest } = JSON.parse(b.toString('utf8')) as Manifest;
        const exhibits = rest.exhibits.map((e, i) => (i === 0 ? { ...e, pageId: 'pg_gone' } : e));
        return Buffer.from(JSON.stringify(sealManifest({ body: { ...rest, exhibits } }).manifest));
      },
    });
    expect(await importing(forged('dangling'))).toEqual({
      code: 'package.manifest_invalid',
      entry: `manifest.json#exhibits/${manifest.exhibits[0]!.id}`,
    });

    // Truncated (a copy cut half-way).
    await copyFile(packagePath, forged('truncated'));
    await truncate(forged('truncated'), Math.floor((await stat(packagePath)).size / 2));
    expect(await importing(forged('truncated'))).toMatchObject({ code: 'package.corrupt' });

    // A newer format version, and a ZIP that is no package at all.
    await rewritePackage({
      from: packagePath,
      to: forged('v2'),
      edit: (name, b) =>
        name === 'manifest.json'
          ? Buffer.from(b.toString('utf8').replace('sohoa-package/1', 'sohoa-package/2'))
          : b,
    });
    expect(await importing(forged('v2'))).toMatchObject({ code: 'package.unsupported_version' });
    await rewritePackage({
      from: packagePath,
      to: forged('other'),
      edit: (name, b) => (name === 'manifest.json' ? null : b),
    });
    expect(await importing(forged('other'))).toMatchObject({ code: 'package.unsupported_format' });

    // An entry that climbs out of the extraction folder, and one the manifest does not list.
    await rewritePackage({
      from: packagePath,
      to: forged('evil'),
      add: [{ name: 'xx/evil', bytes: Buffer.from('#!/bin/sh\n') }],
    });
    await patchEntryName({ path: forged('evil'), from: 'xx/evil', to: '../evil' });
    expect(await importing(forged('evil'))).toEqual({
      code: 'package.unsafe_entry',
      entry: '../evil',
    });
    await rewritePackage({
      from: packagePath,
      to: forged('extra'),
      add: [{ name: 'autorun.exe', bytes: Buffer.from('MZ') }],
    });
    expect(await importing(forged('extra'))).toEqual({
      code: 'package.unsafe_entry',
      entry: 'autorun.exe',
    });

    // Nothing was imported: no case, and no blob left behind by the refused imports.
    expect((await victim.deps.transferRepository.caseExists({ caseId })).exists).toBe(false);
    for (const entry of manifest.entries.filter((e) => e.kind === 'blob')) {
      const key = buildBlobKey({ sha256: entry.name.slice('blobs/'.length) }).key;
      expect((await victim.deps.blobStore.exists({ key })).exists).toBe(false);
    }
  });

  it('recreates the case exactly on another installation, and a re-export matches the first', async () => {
    const { report } = await importCasePackage({
      actor: targetActor,
      unitId: targetActor.unitId,
      zipPath: packagePath,
      context: SYSTEM_CONTEXT,
      deps: target.deps,
    });
    expect(report).toMatchObject({
      caseId,
      unitId: targetActor.unitId,
      counts: {
        volumes: 2,
        sources: 2,
        pages: VOLUME_1.length + VOLUME_2.length,
        edits: 2,
        annotations: 1,
        maps: 1,
        exhibits: 2,
        blobsAlreadyStored: 0,
      },
      extraFiles: [{ name: 'case.pdf', sizeBytes: pdfBytes.length }],
      mismatches: [],
    });

    // Same pages: every column (ids, bút lục and its source, corrections, text, blobs).
    const before = await pagesOf(source, caseId);
    const after = await pagesOf(target, caseId);
    expect(after).toEqual(before);
    expect(after.some((p) => p.butLucSource === 'MANUAL' || Object.keys(p.manual).length > 0)).toBe(
      true,
    );
    // Same structure and the same edit log (authors kept by name).
    const structure = (s: Server) =>
      getCaseStructure({ actor: null, caseId, context: SYSTEM_CONTEXT, deps: s.deps });
    expect(await structure(target)).toEqual(await structure(source));
    expect(editsOf(await target.deps.transferRepository.listEdits({ caseId }))).toEqual(
      editsOf(await source.deps.transferRepository.listEdits({ caseId })),
    );
    // Blobs byte for byte.
    for (const page of before) {
      for (const sha of [page.originalSha256, page.uprightSha256]) {
        const key = buildBlobKey({ sha256: sha! }).key;
        expect((await target.deps.blobStore.getBytes({ key })).bytes).toEqual(
          (await source.deps.blobStore.getBytes({ key })).bytes,
        );
      }
    }
    // The map and the exhibit list, with the attached video.
    const strip = <T extends { created_by: string }>(rows: T[]) =>
      rows.map(({ created_by: _c, ...rest }) => rest);
    const mapsIn = (s: Server) =>
      s.deps.db.selectFrom('case_maps').selectAll().where('case_id', '=', caseId).execute();
    const exhibitsIn = (s: Server) =>
      s.deps.db
        .selectFrom('exhibits')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('position')
        .execute();
    expect(strip(await mapsIn(target))).toEqual(strip(await mapsIn(source)));
    expect(strip(await exhibitsIn(target))).toEqual(strip(await exhibitsIn(source)));
    expect((await target.deps.blobStore.getBytes({ key: mediaKey })).bytes).toEqual(
      (await source.deps.blobStore.getBytes({ key: mediaKey })).bytes,
    );
    // The case belongs to the chosen unit; its team is the importer.
    const { case: imported } = await target.deps.casesRepository.getById({ caseId });
    expect(imported).toMatchObject({
      unitId: targetActor.unitId,
      assigneeIds: [targetActor.userId],
    });
    const audit = await target.deps.auditRepository.list({ caseId, action: 'case.imported' });
    expect(audit.events).toHaveLength(1);

    // Export again from the new installation: the same package but for its date and origin.
    const again = path.join(dir, 'again.zip');
    await exportCasePackage({
      actor: targetActor,
      caseId,
      output: createWriteStream(again),
      extraFiles: [{ name: 'case.pdf', path: path.join(dir, 'case.pdf') }],
      context: SYSTEM_CONTEXT,
      deps: target.deps,
    });
    const first = await readPackageManifest(packagePath);
    const second = await readPackageManifest(again);
    expect(second.origin.unit.code).toBe('QN');
    expect(comparable(second)).toEqual(comparable(first));

    // The edit log replays on the new installation: structuring again gives the same structure.
    await structureCase({ caseId, deps: target.deps });
    expect(await structure(target)).toEqual(await structure(source));
  });

  it('refuses to import the same case twice', async () => {
    expect(
      await codeOf(
        importCasePackage({
          actor: targetActor,
          unitId: targetActor.unitId,
          zipPath: packagePath,
          context: SYSTEM_CONTEXT,
          deps: target.deps,
        }),
      ),
    ).toMatchObject({ code: 'package.case_exists' });
  });

  it('refuses an export before processing is over and an import into a unit of others', async () => {
    const other = await seedUnit(target, 'QN-HL', 'VKSND TP Hạ Long', targetActor.unitId);
    expect(
      await codeOf(
        importCasePackage({
          actor: other,
          unitId: targetActor.unitId,
          zipPath: packagePath,
          context: SYSTEM_CONTEXT,
          deps: target.deps,
        }),
      ),
    ).toMatchObject({ code: 'access.forbidden' });
    await source.deps.db
      .updateTable('pages')
      .set({ status: 'PENDING' })
      .where('case_id', '=', caseId)
      .where('seq', '=', 1)
      .execute();
    const out = path.join(dir, 'not-ready.zip');
    expect(
      await codeOf(
        exportCasePackage({
          actor: sourceActor,
          caseId,
          output: createWriteStream(out),
          context: SYSTEM_CONTEXT,
          deps: source.deps,
        }),
      ),
    ).toMatchObject({ code: 'package.case_not_ready' });

    // A page whose image is gone from the blob store: refused before writing, naming the page.
    await source.deps.db
      .updateTable('pages')
      .set({ status: 'DONE' })
      .where('case_id', '=', caseId)
      .execute();
    const [page] = await pagesOf(source, caseId);
    await source.deps.blobStore.delete({ key: buildBlobKey({ sha256: page!.uprightSha256! }).key });
    const refused = await codeOf(
      exportCasePackage({
        actor: sourceActor,
        caseId,
        output: createWriteStream(out),
        context: SYSTEM_CONTEXT,
        deps: source.deps,
      }),
    );
    expect(refused).toEqual({
      code: 'package.blob_missing',
      entry: expect.stringContaining(page!.id),
    });
  });
});
