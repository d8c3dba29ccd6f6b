/*
 * Export speed and memory: a synthetic case of BENCH_PAGES pages (default 5,000) made from the
 * sample page images of ../shared/samples (JPEGs as scanned, with their ground-truth words as the
 * text layer), written by `writeCasePdf` fed directly from a generator — not through the database
 * and blob store, so the figure is the writer's own. Prints pages/s, peak RSS, event-loop delay
 * (the server stays responsive if it is small), and the ratio to a plain `cat` of the same image
 * bytes into one file (the I/O floor). Targets: >= 200 pages/s, peak RSS < 500 MB.
 * Run: npm run bench:export
 */
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  extractPage,
  inspectSource,
  verifyCasePdf,
  writeCasePdf,
  type ExportPage,
  type ExportWord,
  type IndexRow,
  type OutlineNode,
} from '@sohoa/processing';

const out = (line: string) => process.stdout.write(`${line}\n`);
const PAGES = Number(process.env.BENCH_PAGES ?? 5000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const samples = path.resolve(root, '../shared/samples');
if (!existsSync(samples)) {
  out(`bench:export skipped: ${samples} is absent (the sample case files are needed).`);
  process.exit(0);
}

interface GroundTruth {
  files: Array<{ path: string }>;
  pages: Array<{
    file: string;
    index: number;
    blocks: Array<{ lines: string[]; line_boxes_mm: number[][] }>;
    orientation: { upright_fix_cw_deg: number };
    degradation: { skew_deg: number };
  }>;
}

/** The sample pages: image bytes as stored in the PDFs, words from the ground-truth line boxes. */
async function loadSamplePages(): Promise<ExportPage[]> {
  const pages: ExportPage[] = [];
  for (const name of ['P1_hinhsu_trom_cap_le_chan', 'P2_kdtm_mua_ban_hang_hoa_hong_bang']) {
    const dir = path.join(samples, name);
    const gt = JSON.parse(readFileSync(path.join(dir, 'ground_truth.json'), 'utf8')) as GroundTruth;
    for (const file of gt.files) {
      const full = path.join(dir, file.path);
      const { kind } = await inspectSource({
        path: full,
        fileName: file.path,
        sizeBytes: statSync(full).size,
      });
      for (const p of gt.pages.filter((x) => x.file === file.path)) {
        const { image } = await extractPage({ path: full, kind, index: p.index - 1 });
        if (image.format !== 'jpeg') {
          continue;
        }
        const rotation = (p.orientation.upright_fix_cw_deg % 360) as ExportPage['rotation'];
        const turned = rotation === 90 || rotation === 270;
        const frame = turned
          ? { widthPx: image.heightPx, heightPx: image.widthPx }
          : { widthPx: image.widthPx, heightPx: image.heightPx };
        const pxPerMm = (image.dpi ?? 200) / 25.4;
        const words: ExportWord[] = p.blocks.flatMap((b) =>
          b.lines.flatMap((line, i) => {
            const [x0, y0, x1, y1] = b.line_boxes_mm[i] ?? [0, 0, 0, 0];
            const tokens = line.split(/\s+/).filter(Boolean);
            const total = tokens.reduce((s, t) => s + t.length + 1, 0);
            let x = x0!;
            return tokens.map((text) => {
              const w = ((x1! - x0!) * (text.length + 1)) / total;
              const box: ExportWord['box'] = [
                x * pxPerMm,
                y0! * pxPerMm,
                (x + w * 0.9) * pxPerMm,
                y1! * pxPerMm,
              ];
              x += w;
              return { text, box };
            });
          }),
        );
        pages.push({
          image: {
            bytes: image.bytes,
            format: 'jpeg',
            widthPx: image.widthPx,
            heightPx: image.heightPx,
            dpi: image.dpi,
          },
          rotation,
          skewDegrees: p.degradation.skew_deg,
          textFrame: frame,
          words,
          label: '',
        });
      }
    }
  }
  return pages;
}

const base = await loadSamplePages();
const words = base.reduce((s, p) => s + p.words.length, 0) / base.length;
const DOC_PAGES = 10;
const sections = Array.from({ length: 20 }, (_, s) => `Nhóm tài liệu số ${s + 1}`);
const documents = Math.ceil(PAGES / DOC_PAGES);
const docSection = (d: number) => Math.floor((d * sections.length) / documents);
const outline: OutlineNode[] = sections.map((title, s) => ({
  title,
  pageIndex: null,
  children: Array.from({ length: documents }, (_, d) => d)
    .filter((d) => docSection(d) === s)
    .map((d) => ({
      title: `BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn ${d} – 12/3/2019 – BL ${d * DOC_PAGES + 1}–${(d + 1) * DOC_PAGES}`,
      pageIndex: d * DOC_PAGES,
    })),
}));
const index: IndexRow[] = Array.from({ length: documents }, (_, d) => ({
  section: sections[docSection(d)]!,
  stt: d + 1,
  title: 'BIÊN BẢN GHI LỜI KHAI',
  number: `${d + 1}/BB`,
  date: '2019-03-12',
  issuer: 'Cơ quan CSĐT Công an quận Lê Chân',
  butLucFrom: d * DOC_PAGES + 1,
  butLucTo: (d + 1) * DOC_PAGES,
  targetPageIndex: d * DOC_PAGES,
}));

function* generate(): Generator<ExportPage> {
  for (let i = 0; i < PAGES; i++) {
    yield { ...base[i % base.length]!, label: String(i + 1) };
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sohoa-export-bench-'));
const file = path.join(dir, 'case.pdf');
const lag = monitorEventLoopDelay({ resolution: 10 });
const rssBeforeMB = Math.round(process.resourceUsage().maxRSS / 1024);
const cpu0 = process.cpuUsage();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
lag.enable();
const t0 = performance.now();
const result = await writeCasePdf({
  pages: generate(),
  outline,
  frontMatter: {
    unitName: 'Viện kiểm sát nhân dân quận Lê Chân',
    caseTitle: 'Vụ án Trộm cắp tài sản (bench)',
    nationalCode: 'HS-BENCH-0001',
    charges: ['Trộm cắp tài sản (Điều 173 BLHS)'],
    volumes: Math.ceil(PAGES / 500),
    sheets: PAGES,
    pages: PAGES,
    generatedAt: new Date(),
    index,
  },
  info: {
    title: 'Vụ án Trộm cắp tài sản (bench)',
    caseCode: 'HS-BENCH-0001',
    unitName: 'VKSND quận Lê Chân',
    createdAt: new Date(),
  },
  profile: 'pdfa',
  output: createWriteStream(file),
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const maxRssAfterExportMB = Math.round(process.resourceUsage().maxRSS / 1024);
lag.disable();
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

// The I/O floor: `cat` of the same image bytes (the sample JPEGs, cycled) into one file.
const jpegDir = path.join(dir, 'jpeg');
spawnSync('mkdir', [jpegDir]);
const jpegs = base.map((p, i) => {
  const f = path.join(jpegDir, `${i}.jpg`);
  writeFileSync(f, p.image.bytes);
  return f;
});
const list = Array.from({ length: PAGES }, (_, i) => jpegs[i % jpegs.length]!);
const catFile = path.join(dir, 'cat.bin');
const fd = openSync(catFile, 'w');
const c0 = performance.now();
for (let i = 0; i < list.length; i += 1000) {
  spawnSync('cat', list.slice(i, i + 1000), { stdio: ['ignore', fd, 'inherit'] });
}
closeSync(fd);
const catSeconds = (performance.now() - c0) / 1000;
const imageBytes = statSync(catFile).size;

const v0 = performance.now();
const verification = await verifyCasePdf({
  path: file,
  expected: {
    pageCount: result.pageCount,
    labels: result.labels,
    outlineCount: result.outlineCount,
    samples: [0, Math.floor(PAGES / 2), PAGES - 1].map((i) => ({
      pageIndex: result.frontMatterPages + i,
      words: base[i % base.length]!.words.map((w) => w.text),
    })),
  },
});
const verifySeconds = (performance.now() - v0) / 1000;
// qpdf --check of a GB file takes minutes on a busy machine: opt in with BENCH_QPDF=1.
const q0 = performance.now();
const qpdf =
  process.env.BENCH_QPDF === '1'
    ? spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
    : null;
const qpdfSeconds = (performance.now() - q0) / 1000;

const figures = {
  pages: result.pageCount,
  contentPages: PAGES,
  wordsPerPage: Math.round(words),
  seconds: Number(seconds.toFixed(2)),
  pagesPerSecond: Math.round(PAGES / seconds),
  cpuSeconds: Number(cpuSeconds.toFixed(2)),
  pagesPerCpuSecond: Math.round(PAGES / cpuSeconds),
  loadAverage: Number(os.loadavg()[0]!.toFixed(1)),
  peakRssMB: Math.round(peak / 1024 ** 2),
  maxRssBeforeExportMB: rssBeforeMB,
  maxRssAfterExportMB,
  maxRssAfterVerifyMB: Math.round(process.resourceUsage().maxRSS / 1024),
  eventLoopDelayP99ms: Number((lag.percentile(99) / 1e6).toFixed(1)),
  eventLoopDelayMaxMs: Number((lag.max / 1e6).toFixed(1)),
  pdfMB: Math.round(result.bytes / 1024 ** 2),
  imageMB: Math.round(imageBytes / 1024 ** 2),
  catSeconds: Number(catSeconds.toFixed(2)),
  ratioToCat: Number((seconds / catSeconds).toFixed(1)),
  verifySeconds: Number(verifySeconds.toFixed(2)),
  verified: verification.ok,
  qpdfCheck:
    qpdf === null
      ? 'skipped (BENCH_QPDF=1 runs it)'
      : qpdf.status === null
        ? 'not installed'
        : qpdf.stdout.includes('No syntax or stream encoding errors')
          ? 'clean'
          : 'ERRORS',
  qpdfSeconds: Number(qpdfSeconds.toFixed(1)),
};
rmSync(dir, { recursive: true, force: true });
out(
  `sohoa bench:export — ${PAGES} pages from ${base.length} sample scans, ~${figures.wordsPerPage} words/page, profile pdfa`,
);
out(
  `  ${figures.pagesPerSecond} pages/s wall (${figures.seconds} s, load average ${figures.loadAverage} on ${os.cpus().length} cores), target >= 200: ${figures.pagesPerSecond >= 200 ? 'ok' : 'MISSED'}`,
);
out(
  `  ${figures.pagesPerCpuSecond} pages per CPU-second (${figures.cpuSeconds} s of CPU): the rate on an unloaded core`,
);
out(
  `  peak RSS while exporting ${figures.peakRssMB} MB (process maxRSS ${figures.maxRssBeforeExportMB} MB before, ${figures.maxRssAfterExportMB} MB after the export, ${figures.maxRssAfterVerifyMB} MB after the read-back), target < 500: ${figures.peakRssMB < 500 ? 'ok' : 'MISSED'}`,
);
out(
  `  event-loop delay p99 ${figures.eventLoopDelayP99ms} ms, max ${figures.eventLoopDelayMaxMs} ms`,
);
out(
  `  ${figures.pdfMB} MB PDF for ${figures.imageMB} MB of images; cat of the same bytes ${figures.catSeconds} s → export/cat = ${figures.ratioToCat}×`,
);
out(
  `  read-back check ${figures.verified ? 'ok' : 'FAILED'} in ${figures.verifySeconds} s; qpdf --check ${figures.qpdfCheck} (${figures.qpdfSeconds} s)`,
);
out(JSON.stringify(figures));
