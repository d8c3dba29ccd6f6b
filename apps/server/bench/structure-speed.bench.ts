/*
 * Structuring speed after OCR: a case of BENCH_PAGES pages (default 1,000) whose texts are the
 * exact page texts of the sample case files cycled (so the layouts are real), imported through the
 * scripted pipeline into PGlite, then `structureCase` — the server use case: reading pages from
 * the database, segmentation, classification, metadata, review replay and the write — timed
 * alone. Target (structuring issue): under 10 s for 1,000 pages on 2 cores.
 * Skips with a message when ../shared/samples is absent. Run: npm run bench:structure
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDependencies,
  createTestJobRunner,
  seedUnitWithClerk,
} from '../src/modules/app/server.test-utils.ts';
import { createTestDatabase } from '../src/modules/database/database.test-utils.ts';
import { structureCase } from '../src/modules/documents/documents.usecases.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
  type ScriptedPage,
} from '../src/modules/pipeline/scripted-page-processor.test-utils.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const samples = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/samples',
);
if (!existsSync(samples)) {
  out(
    `bench:structure speed — skipped: ${samples} not found (the sample case files are not in this clone)`,
  );
  process.exit(0);
}
const total = Number(process.env.BENCH_PAGES ?? 1000);
const samplePages: ScriptedPage[] = [];
for (const dir of readdirSync(samples)) {
  const gtPath = path.join(samples, dir, 'ground_truth.json');
  if (!existsSync(gtPath)) {
    continue;
  }
  const gt = JSON.parse(readFileSync(gtPath, 'utf8')) as {
    pages: Array<{ text: string; blank: boolean; butluc: number | null }>;
  };
  for (const p of gt.pages) {
    samplePages.push({ text: p.text, butLuc: p.butluc, blank: p.blank });
  }
}
const pages = Array.from({ length: total }, (_, i) => ({
  ...samplePages[i % samplePages.length]!,
  butLuc: i + 1,
}));

const { db, close } = await createTestDatabase();
const deps = createTestDependencies({ db, pageProcessor: createScriptedPageProcessor() });
const runner = createTestJobRunner({ deps });
const { actor } = await seedUnitWithClerk({ deps });
await runner.start();
const importStart = performance.now();
const { caseId } = await ingestScriptedCase({ deps, actor, volumes: [pages] });
await runner.stop();
out(
  `bench:structure speed — ${String(total)} pages imported (scripted, no OCR) in ${((performance.now() - importStart) / 1000).toFixed(1)} s`,
);
const runs: number[] = [];
let documents = 0;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  ({ documents } = await structureCase({ caseId, deps }));
  runs.push((performance.now() - t) / 1000);
}
const best = Math.min(...runs);
out(
  `structureCase on ${String(total)} pages → ${String(documents)} documents: best ${best.toFixed(2)} s of ${runs.map((r) => r.toFixed(2)).join(' / ')} s (target < 10 s; ${(total / best).toFixed(0)} pages/s)`,
);
await close();
