/*
 * OCR pipeline benchmark on the sample cases (../shared/samples): sohoa end to end (`runAnalyze`)
 * versus OCRmyPDF on the same image-only PDFs, in one run. Prints pages/minute of each and their
 * ratio, CER of each (score.mjs), bút lục accuracy and blank detection of sohoa, and sohoa's peak RSS.
 * Run: npm run bench:ocr   (needs `apt-get install ocrmypdf tesseract-ocr-vie poppler-utils` for the reference)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from '../src/scripts/analyze.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const samples =
  process.env.SOHOA_SAMPLES_DIR ??
  fileURLToPath(new URL('../../../../shared/samples', import.meta.url));
if (!existsSync(samples)) {
  out(`bench:ocr skipped: no sample cases at ${samples} (set SOHOA_SAMPLES_DIR).`);
  process.exit(0);
}
const cases = readdirSync(samples).filter(
  (d) => /^P\d/.test(d) && existsSync(path.join(samples, d, 'ground_truth.json')),
);
const threads = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const scratch = mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-ocr-'));

const f3 = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(3) : 'n/a');

interface Score {
  cer: number;
  wordBagF1: number;
  butluc: number | null;
  blanks: string;
  structure: string;
}
/** score.mjs --json: `text` (cer, word_bag_f1, blank_detected/blank_pages/false_blank), `butluc` (accuracy). */
function score(gt: string, result: string): Score {
  const json = JSON.parse(
    execFileSync('node', [path.join(samples, 'score.mjs'), gt, result, '--json'], {
      encoding: 'utf8',
    }),
  ) as {
    text: {
      cer: number;
      word_bag_f1: number;
      blank_detected: number;
      blank_pages: number;
      false_blank: number;
    };
    butluc: { accuracy: number | null; false_positives: number };
    segmentation: { f1: number | null };
    documents: {
      classification_accuracy_matched: number | null;
      number_accuracy: number | null;
      date_accuracy: number | null;
      exact_range_rate: number | null;
    };
  };
  return {
    cer: json.text.cer,
    wordBagF1: json.text.word_bag_f1,
    butluc: json.butluc.accuracy,
    blanks: `${json.text.blank_detected}/${json.text.blank_pages} found, ${json.text.false_blank} text pages marked blank, ${json.butluc.false_positives} bút lục false positives`,
    structure: `segmentation F1 ${f3(json.segmentation.f1)}, exact ranges ${f3(json.documents.exact_range_rate)}, type accuracy ${f3(json.documents.classification_accuracy_matched)}, number ${f3(json.documents.number_accuracy)}, date ${f3(json.documents.date_accuracy)}`,
  };
}

function detectKind(
  gt: string,
): 'criminal' | 'commercial' | 'civil' | 'labour' | 'administrative' | 'family' {
  const text = readFileSync(gt, 'utf8');
  const json = JSON.parse(text) as {
    case?: { domain?: string; crime?: unknown };
    case_id?: string;
  };
  const kind = json.case?.domain;
  if (
    kind === 'criminal' ||
    kind === 'commercial' ||
    kind === 'civil' ||
    kind === 'labour' ||
    kind === 'administrative' ||
    kind === 'family'
  ) {
    return kind;
  }
  return json.case?.crime ? 'criminal' : /kdtm/i.test(json.case_id ?? '') ? 'commercial' : 'civil';
}

function ocrmypdfAvailable() {
  return (
    spawnSync('ocrmypdf', ['--version']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0
  );
}

/** OCRmyPDF on each volume, then its text layer page by page (`pdftotext -raw`, see PROBE §2c). */
function runOcrmypdf(caseDir: string, files: string[]) {
  const pages: Array<{ ref: string; text: string }> = [];
  const started = Date.now();
  for (const file of files) {
    const target = path.join(scratch, `ocrmypdf-${path.basename(caseDir)}-${file}`);
    execFileSync(
      'ocrmypdf',
      [
        '-l',
        'vie',
        '-j',
        String(threads),
        '--output-type',
        'pdf',
        '--force-ocr',
        path.join(caseDir, file),
        target,
      ],
      { stdio: 'ignore' },
    );
    const info = execFileSync('pdfinfo', [target], { encoding: 'utf8' });
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
    for (let i = 1; i <= count; i++) {
      const text = execFileSync(
        'pdftotext',
        ['-raw', '-f', String(i), '-l', String(i), target, '-'],
        { encoding: 'utf8' },
      );
      pages.push({ ref: `${file}#${i}`, text: text.replace(/\f/g, '').trim() });
    }
  }
  return { pages, seconds: (Date.now() - started) / 1000 };
}

out(`sohoa bench:ocr — ${cases.length} sample cases, ${threads} threads`);
let sohoaPages = 0;
let sohoaSeconds = 0;
let refPages = 0;
let refSeconds = 0;
for (const name of cases) {
  const dir = path.join(samples, name);
  const gt = path.join(dir, 'ground_truth.json');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  // The case kind is what a clerk gives when registering the case; the bench reads it from the ground truth.
  const { output, seconds } = await runAnalyze({
    inputs: files.map((f) => path.join(dir, f)),
    threads,
    caseKind: detectKind(gt),
  });
  const resultPath = path.join(scratch, `${name}.sohoa.json`);
  writeFileSync(resultPath, JSON.stringify(output));
  const s = score(gt, resultPath);
  sohoaPages += output.pages.length;
  sohoaSeconds += seconds;
  out(
    `${name}: sohoa ${output.pages.length} pages in ${seconds.toFixed(1)} s (${((output.pages.length / seconds) * 60).toFixed(1)} pages/min), CER ${(s.cer * 100).toFixed(2)} % (word-bag F1 ${s.wordBagF1.toFixed(3)}), bút lục ${s.butluc === null ? '?' : (s.butluc * 100).toFixed(1) + ' %'}, blanks ${s.blanks}`,
  );
  out(`${name}: structure — ${s.structure}`);
  if (!process.env.SOHOA_BENCH_SKIP_REFERENCE && ocrmypdfAvailable()) {
    const ref = runOcrmypdf(dir, files);
    const refPath = path.join(scratch, `${name}.ocrmypdf.json`);
    writeFileSync(
      refPath,
      JSON.stringify({
        pages: ref.pages.map((p) => ({ ...p, butluc: null, blank: p.text.length === 0 })),
        documents: [],
      }),
    );
    const r = score(gt, refPath);
    refPages += ref.pages.length;
    refSeconds += ref.seconds;
    out(
      `${name}: OCRmyPDF ${ref.pages.length} pages in ${ref.seconds.toFixed(1)} s (${((ref.pages.length / ref.seconds) * 60).toFixed(1)} pages/min), CER ${(r.cer * 100).toFixed(2)} % (word-bag F1 ${r.wordBagF1.toFixed(3)})`,
    );
  }
}
const rss = process.resourceUsage().maxRSS / 1024;
out(
  `sohoa: ${((sohoaPages / sohoaSeconds) * 60).toFixed(1)} pages/min, peak RSS ${rss.toFixed(0)} MB`,
);
if (refSeconds > 0) {
  out(
    `OCRmyPDF: ${((refPages / refSeconds) * 60).toFixed(1)} pages/min; throughput ratio sohoa/OCRmyPDF ${(sohoaPages / sohoaSeconds / (refPages / refSeconds)).toFixed(2)}×`,
  );
} else {
  out(
    'OCRmyPDF not installed (apt-get install ocrmypdf tesseract-ocr-vie poppler-utils): no reference ratio.',
  );
}
