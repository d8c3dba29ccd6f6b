/*
 * Seconds per page of each OCR driver, alone and inside analyzePage, on synthetic 300-dpi A4 pages
 * (20 lines of Vietnamese, skewed, blur 0.6, noise σ 4, JPEG q60), one page at a time.
 * Wall clock: run it on an idle machine. "CPU in this process" is the pipeline's own cost for the
 * CLI driver (tesseract runs in a child process), and everything for tesseract.js.
 *
 *   npx tsx packages/processing/src/ocr/ocr.bench.ts [pages=3]
 */
import { analyzePage } from '../page/analyze-page.ts';
import {
  characterErrorRate,
  printBoxStamp,
  renderDocumentPage,
  SAMPLE_LINES,
  scan,
} from '../page/page.test-utils.ts';
import { ocrEngines, type OcrEngineName } from './ocr.registry.ts';

const pageCount = Number(process.argv[2] ?? 3);
const write = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const lines = [...SAMPLE_LINES, ...SAMPLE_LINES];
  const pages: Uint8Array[] = [];
  for (let i = 0; i < pageCount; i++) {
    const page = await renderDocumentPage({ dpi: 300, lines });
    await printBoxStamp({
      page,
      digits: String(i + 1).padStart(4, '0'),
      dpi: 300,
      leftMm: 165,
      topMm: 8,
    });
    pages.push(await scan({ page, skewDeg: i % 2 === 0 ? 1.2 : -1.6, noise: 4, seed: i + 1 }));
  }
  write(`${pageCount} pages, 300 dpi, ${lines.length} body lines each`);
  for (const name of Object.keys(ocrEngines) as OcrEngineName[]) {
    if (!(await ocrEngines[name].isAvailable())) {
      write(`${name}: not available here`);
      continue;
    }
    const started = performance.now();
    const engine = await ocrEngines[name].create();
    const startup = (performance.now() - started) / 1000;
    let ocrSeconds = 0;
    let analyzeSeconds = 0;
    let analyzeCpuSeconds = 0;
    let cer = 0;
    for (const image of pages) {
      let t = performance.now();
      await engine.recognize({ image, mode: 'page' });
      ocrSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      const cpu = process.cpuUsage();
      const analysis = await analyzePage({ image, engine });
      const used = process.cpuUsage(cpu);
      analyzeCpuSeconds += (used.user + used.system) / 1e6;
      analyzeSeconds += (performance.now() - t) / 1000;
      const text = analysis.ocr?.text ?? '';
      const body = text.slice(Math.max(0, text.indexOf(lines[0]!.slice(0, 6))));
      cer += characterErrorRate({ reference: lines.join('\n'), hypothesis: body });
    }
    await engine.close();
    write(
      `${name.padEnd(14)} start ${startup.toFixed(2)} s | OCR alone ${(ocrSeconds / pageCount).toFixed(2)} s/page | ` +
        `analyzePage ${(analyzeSeconds / pageCount).toFixed(2)} s/page ` +
        `(CPU in this process ${(analyzeCpuSeconds / pageCount).toFixed(2)} s) | ` +
        `body CER ${((cer / pageCount) * 100).toFixed(2)} %`,
    );
  }
}

await main();
