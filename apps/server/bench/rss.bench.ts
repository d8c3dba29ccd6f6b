/*
 * Memory on a large volume: `runAnalyze` on one synthetic image-only PDF of BENCH_PAGES pages
 * (default 1,000; A4 at 200 dpi with a bút lục stamp), printing pages/minute and peak RSS of the
 * process (worker threads included). Target: < 1.5 GB for 1,000 pages. Run: npm run bench:rss
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildImagePdf,
  renderPage,
} from '../../../packages/processing/src/testing/fixtures.test-utils.ts';
import { runAnalyze } from '../src/scripts/analyze.ts';

const pages = Number(process.env.BENCH_PAGES ?? 1000);
const out = (line: string) => process.stdout.write(`${line}\n`);
const distinct = await Promise.all(
  Array.from({ length: 10 }, (_, i) => renderPage({ butLuc: i + 1 })),
);
// Ten page images repeated: the PDF is large like a real volume while generation stays quick.
const pdf = await buildImagePdf({
  jpegs: Array.from({ length: pages }, (_, i) => distinct[i % 10]!),
});
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sohoa-rss-')), 'tap_01.pdf');
writeFileSync(file, pdf);
const rssBefore = process.resourceUsage().maxRSS / 1024;
const { output, seconds } = await runAnalyze({ inputs: [file] });
out(
  `sohoa bench:rss — ${output.pages.length} pages (${(pdf.byteLength / 1024 ** 2).toFixed(0)} MB PDF) in ${seconds.toFixed(0)} s, ${((output.pages.length / seconds) * 60).toFixed(1)} pages/min`,
);
out(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (before the run: ${rssBefore.toFixed(0)} MB)`,
);
