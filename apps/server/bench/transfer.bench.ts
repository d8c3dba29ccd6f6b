/*
 * Transfer package benchmark: a synthetic case (BENCH_PAGES pages, each with an original and an
 * upright image of BENCH_IMAGE_KB random bytes and ~300 OCR words) on PGlite + the fs blob store,
 * exported to a ZIP and imported into a fresh database. Prints time, pages/s, MB/s, peak RSS, and
 * the time of a plain copy of the same image bytes (`cat` of the blob files) for the I/O limit.
 * Run: npx tsx apps/server/bench/transfer.bench.ts  (BENCH_PAGES=2000 BENCH_IMAGE_KB=150)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFsBlobStore } from '../src/modules/blobs/drivers/fs/fs.blob-driver.ts';
import { createTestDatabase } from '../src/modules/database/database.test-utils.ts';
import { createDependencies } from '../src/start.ts';
import { TEST_SETTINGS } from '../src/modules/app/server.test-utils.ts';
import { createSilentLogger } from '../src/modules/shared/logger/logger.ts';
import { SYSTEM_CONTEXT } from '../src/modules/shared/request-context.ts';
import { createScriptedPageProcessor } from '../src/modules/pipeline/scripted-page-processor.test-utils.ts';
import { prepareCasePackage } from '../src/modules/transfer/transfer.export.ts';
import { importCasePackage } from '../src/modules/transfer/transfer.import.ts';
import type { Actor } from '../src/modules/access/access.types.ts';

const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const IMAGE_KB = Number(process.env.BENCH_IMAGE_KB ?? 100);
const out = (line: string) => process.stdout.write(`${line}\n`);

function peakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function installation(dir: string) {
  const { db, close } = await createTestDatabase({ variant: 'pglite' });
  const deps = createDependencies({
    db,
    blobStore: createFsBlobStore({ root: path.join(dir, 'blobs') }),
    logger: createSilentLogger(),
    settings: TEST_SETTINGS,
    pageProcessor: createScriptedPageProcessor(),
    tempDir: path.join(dir, 'tmp'),
    maxFileBytes: 1024 ** 3,
  });
  const { unit } = await deps.unitsRepository.create({
    unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL', parentId: null },
  });
  const { user } = await deps.usersRepository.create({
    user: {
      unitId: unit.id,
      username: 'clerk',
      fullName: 'Clerk',
      roles: ['CLERK'],
      passwordHash: 'x',
    },
  });
  const actor: Actor = { userId: user.id, username: 'clerk', unitId: unit.id, roles: ['CLERK'] };
  return { deps, actor, close };
}

const words = (n: number) =>
  Array.from({ length: 300 }, (_, i) => ({
    text: `từ${n}_${i}`,
    confidence: 91.5,
    bbox: { x0: i, y0: n, x1: i + 40, y1: n + 12 },
  }));

async function seedCase({ deps, actor }: Awaited<ReturnType<typeof installation>>) {
  const { case: created } = await deps.casesRepository.create({
    fields: {
      unitId: actor.unitId,
      title: 'Vụ án đo hiệu năng',
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
  const db = deps.db;
  await db
    .insertInto('volumes')
    .values({ id: 'vol_bench0000000001', case_id: created.id, number: 1 })
    .execute();
  const source = await deps.blobStore.put({ bytes: randomBytes(1024) });
  await db
    .insertInto('source_files')
    .values({
      id: 'src_bench0000000001',
      case_id: created.id,
      volume_id: 'vol_bench0000000001',
      sha256: source.sha256,
      blob_key: source.key,
      original_name: 'tap_01.pdf',
      media_type: 'application/pdf',
      size_bytes: 1024,
      page_count: PAGES,
      status: 'SPLIT',
      first_seq: 1,
      split_done_at: new Date(),
    })
    .execute();
  const blobFiles: string[] = [];
  for (let i = 0; i < PAGES; i++) {
    const original = await deps.blobStore.put({ bytes: randomBytes(IMAGE_KB * 1024) });
    const upright = await deps.blobStore.put({ bytes: randomBytes(IMAGE_KB * 1024) });
    blobFiles.push(original.key, upright.key);
    await db
      .insertInto('pages')
      .values({
        id: `pg_bench${String(i).padStart(10, '0')}`,
        case_id: created.id,
        volume_id: 'vol_bench0000000001',
        source_file_id: 'src_bench0000000001',
        source_index: i,
        seq: i + 1,
        status: 'DONE',
        original_blob_key: original.key,
        upright_blob_key: upright.key,
        but_luc: i + 1,
        but_luc_source: 'READ',
        ocr_text: `Trang ${i + 1}: Cộng hòa xã hội chủ nghĩa Việt Nam`,
        ocr_words: JSON.stringify(words(i)),
        processed_at: new Date(),
      })
      .execute();
  }
  return { caseId: created.id, blobFiles };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-transfer-'));
try {
  const from = await installation(path.join(dir, 'from'));
  const { caseId, blobFiles } = await seedCase(from);
  const imageMb = (PAGES * 2 * IMAGE_KB) / 1024;
  out(`pages: ${PAGES}, images: ${PAGES * 2} × ${IMAGE_KB} KB = ${imageMb.toFixed(0)} MB`);

  const list = path.join(dir, 'blobs.txt');
  await writeFile(list, blobFiles.join('\n'));
  const catStart = performance.now();
  execFileSync('sh', [
    '-c',
    `cd '${path.join(dir, 'from', 'blobs')}' && xargs cat < '${list}' > '${path.join(dir, 'cat.bin')}'`,
  ]);
  const catMs = performance.now() - catStart;

  const zipPath = path.join(dir, 'case.zip');
  const rssBeforeExport = process.memoryUsage().rss;
  const exportRss = peakRss();
  const exportStart = performance.now();
  const { write } = await prepareCasePackage({
    actor: from.actor,
    caseId,
    context: SYSTEM_CONTEXT,
    deps: from.deps,
  });
  const prepareMs = performance.now() - exportStart;
  await write({ output: createWriteStream(zipPath) });
  const exportMs = performance.now() - exportStart;
  const exportPeak = exportRss.stop();
  const zipMb = (await stat(zipPath)).size / 1024 / 1024;
  await from.close();

  const to = await installation(path.join(dir, 'to'));
  const rssBeforeImport = process.memoryUsage().rss;
  const importRss = peakRss();
  const importStart = performance.now();
  const { report } = await importCasePackage({
    actor: to.actor,
    unitId: to.actor.unitId,
    zipPath,
    context: SYSTEM_CONTEXT,
    deps: to.deps,
  });
  const importMs = performance.now() - importStart;
  const importPeak = importRss.stop();
  await to.close();

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  out(`cat of the image files: ${catMs.toFixed(0)} ms`);
  out(`export checks (access, blobs present): ${prepareMs.toFixed(0)} ms`);
  out(
    `export: ${exportMs.toFixed(0)} ms, ${((PAGES / exportMs) * 1000).toFixed(0)} pages/s, ${((zipMb / exportMs) * 1000).toFixed(0)} MB/s, zip ${zipMb.toFixed(0)} MB, ×${(exportMs / catMs).toFixed(1)} the cat, peak RSS ${mb(exportPeak)} (${mb(rssBeforeExport)} before)`,
  );
  out(
    `import: ${importMs.toFixed(0)} ms, ${((PAGES / importMs) * 1000).toFixed(0)} pages/s, peak RSS ${mb(importPeak)} (${mb(rssBeforeImport)} before), mismatches ${report.mismatches.length}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
