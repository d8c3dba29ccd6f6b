/*
 * Runs analyzePage over the sample case files and scores the result with the samples' score.mjs.
 *
 *   npx tsx packages/processing/scripts/eval-samples.ts [--engine auto|tesseract_cli|tesseractjs]
 *       [--samples /work/shared/samples] [--cases P1,P2] [--pages tap_01.pdf#3,…] [--raw]
 *
 * --raw also scores plain tesseract on the stored page images (no orientation, deskew or masking)
 * as a baseline. Page images are taken out of the PDFs as stored (`pdfimages -j`, or pdf-lib's
 * DCTDecode streams when poppler is not installed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { createOcrEngine, type OcrEngineChoice } from '../src/ocr/ocr.registry.ts';
import { analyzePage } from '../src/page/analyze-page.ts';

interface GroundTruth {
  files: Array<{ path: string; pages: number }>;
  pages: Array<{ ref: string; blank: boolean; butluc: number | null }>;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const samples = option('samples', '/work/shared/samples');
const engineName = option('engine', 'auto') as OcrEngineChoice;
const casePrefixes = option('cases', 'P1,P2').split(',');
const onlyPages = new Set(option('pages', '').split(',').filter(Boolean));
const withRaw = args.includes('--raw');
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  if (!existsSync(samples)) {
    print(`No samples at ${samples}: nothing to evaluate.`);
    return;
  }
  const engine = await createOcrEngine({ name: engineName });
  print(`engine: ${engine.name}`);
  const work = mkdtempSync(path.join(tmpdir(), 'sohoa-eval-'));
  try {
    const cases = readdirSync(samples).filter((d) =>
      casePrefixes.some((p) => d.startsWith(`${p}_`)),
    );
    for (const dir of cases) {
      const gtPath = path.join(samples, dir, 'ground_truth.json');
      const gt = JSON.parse(readFileSync(gtPath, 'utf8')) as GroundTruth;
      const pages: unknown[] = [];
      const rawPages: unknown[] = [];
      let seconds = 0;
      for (const file of gt.files) {
        const images = await extractImages({ pdf: path.join(samples, dir, file.path), work });
        for (const [i, image] of images.entries()) {
          const ref = `${file.path}#${i + 1}`;
          if (onlyPages.size > 0 && !onlyPages.has(ref)) {
            continue;
          }
          const started = performance.now();
          const analysis = await analyzePage({ image, engine });
          const took = (performance.now() - started) / 1000;
          seconds += took;
          const truth = gt.pages.find((p) => p.ref === ref);
          print(
            `${dir.slice(0, 2)} ${ref.padEnd(14)} ${took.toFixed(2)} s  rot ${analysis.rotation} ` +
              `skew ${analysis.skewDegrees.toFixed(2)}  blank ${analysis.isBlank}/${truth?.blank} ` +
              `butluc ${analysis.butLuc.raw ?? '-'}(${analysis.butLuc.confidence.toFixed(2)})/` +
              `${truth?.butluc ?? '-'}  conf ${analysis.ocr?.meanConfidence.toFixed(1) ?? '-'}`,
          );
          pages.push({
            ref,
            text: analysis.ocr?.text ?? '',
            butluc: analysis.butLuc.value,
            blank: analysis.isBlank,
          });
          if (withRaw) {
            const raw = await engine.recognize({ image, mode: 'page' });
            rawPages.push({ ref, text: raw.text, butluc: null, blank: false });
          }
        }
      }
      print(`\n== ${dir}: ${(seconds / Math.max(1, pages.length)).toFixed(2)} s/page`);
      score({ gtPath, pages, work, name: 'pipeline' });
      if (withRaw) {
        score({ gtPath, pages: rawPages, work, name: 'raw tesseract' });
      }
    }
  } finally {
    await engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function score({
  gtPath,
  pages,
  work,
  name,
}: {
  gtPath: string;
  pages: unknown[];
  work: string;
  name: string;
}) {
  const out = path.join(work, `${name.replace(/\W/g, '_')}.json`);
  writeFileSync(out, JSON.stringify({ pages }));
  const scoreArgs = [
    path.join(samples, 'score.mjs'),
    gtPath,
    out,
    ...(args.includes('--worst') ? ['--worst', '4'] : []),
  ];
  if (onlyPages.size > 0) {
    scoreArgs.push('--only-present');
  }
  const result = spawnSync('node', scoreArgs, { encoding: 'utf8' });
  print(`-- ${name}\n${result.stdout}${result.stderr}`);
}

/** The page images of a scanned PDF, as stored, in page order. */
async function extractImages({ pdf, work }: { pdf: string; work: string }): Promise<Uint8Array[]> {
  const hasPoppler = spawnSync('pdfimages', ['-v']).status === 0;
  if (hasPoppler) {
    const dir = mkdtempSync(path.join(work, 'images-'));
    execFileSync('pdfimages', ['-j', '-png', '-p', pdf, path.join(dir, 'page')]);
    // Names are page-<page>-<n>.<ext>: one image per scanned page.
    return readdirSync(dir)
      .sort()
      .map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
  }
  const doc = await PDFDocument.load(readFileSync(pdf));
  return doc.getPages().map((page) => {
    const xObjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
    for (const ref of xObjects?.values() ?? []) {
      const stream = doc.context.lookup(ref);
      if (
        stream instanceof PDFRawStream &&
        String(stream.dict.get(PDFName.of('Filter'))) === '/DCTDecode'
      ) {
        return stream.contents;
      }
    }
    throw new Error(`${pdf}: a page without a JPEG image`);
  });
}

await main();
