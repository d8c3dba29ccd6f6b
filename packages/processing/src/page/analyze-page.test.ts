import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../ocr/ocr.registry.ts';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import type { OcrResult } from '../types.ts';
import { analyzePage, renderDisplay } from './analyze-page.ts';
import {
  addBleedThrough,
  blankPage,
  characterErrorRate,
  printBoxStamp,
  printText,
  SAMPLE_LINES,
  scan,
} from './page.test-utils.ts';

const dpi = 200;
const TITLE = 'QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ';

/** A single-column page (title and body) with a boxed bút lục, so reading order is unambiguous. */
async function renderBodyPage() {
  const page = blankPage({ dpi });
  await printText({ page, text: `<b>${TITLE}</b>`, dpi, leftMm: 50, topMm: 30, pt: 13 });
  for (const [i, line] of SAMPLE_LINES.entries()) {
    await printText({ page, text: line, dpi, leftMm: 22, topMm: 45 + i * 8.5 });
  }
  await printBoxStamp({ page, digits: '0012', dpi, leftMm: 165, topMm: 8 });
  return page;
}

describe('analyzePage', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createOcrEngine({ name: 'auto' });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('turns an upside-down, skewed, noisy scan upright, reads it and its bút lục', async () => {
    const image = await scan({
      page: await renderBodyPage(),
      turnCw: 180,
      skewDeg: 1.5,
      quality: 60,
    });
    const analysis = await analyzePage({ image, engine, options: { displayWidth: 1000 } });
    expect(analysis.rotation).toBe(180);
    expect(Math.abs(analysis.skewDegrees - 1.5)).toBeLessThan(0.3);
    expect(analysis.isBlank).toBe(false);
    expect(analysis.butLuc.value).toBe(12);
    const reference = [TITLE, ...SAMPLE_LINES].join('\n');
    expect(characterErrorRate({ reference, hypothesis: analysis.ocr!.text })).toBeLessThan(0.03);
    // The stamp is reported as the bút lục, not as page text.
    expect(analysis.ocr!.text).not.toContain('0012');
    const meta = await sharp(analysis.upright.bytes).metadata();
    expect([meta.format, meta.channels, meta.width]).toEqual(['jpeg', 1, analysis.upright.widthPx]);
    // The display image is made with the page: the upright page at the viewer's width (JPEG).
    const display = analysis.display!;
    const shown = await sharp(display.bytes).metadata();
    expect([shown.format, shown.width, shown.height, display.contentType]).toEqual([
      'jpeg',
      Math.min(1000, analysis.upright.widthPx),
      display.heightPx,
      'image/jpeg',
    ]);
    expect(display.widthPx).toBe(shown.width);
    const ratio = (d: { widthPx: number; heightPx: number }) => d.heightPx / d.widthPx;
    expect(Math.abs(ratio(display) - ratio(analysis.upright))).toBeLessThan(0.01);
    // None when not asked for (the other tests); never enlarged.
    const raster = { data: new Uint8Array(300 * 400).fill(255), width: 300, height: 400 };
    expect(await renderDisplay({ image: raster, width: null })).toBeNull();
    expect(await renderDisplay({ image: raster, width: 1000 })).toMatchObject({
      widthPx: 300,
      heightPx: 400,
    });
  });

  it('skips OCR on a blank back side with show-through', async () => {
    const page = await addBleedThrough({ page: blankPage({ dpi: 150 }), dpi: 150 });
    const analysis = await analyzePage({ image: await scan({ page }), engine });
    expect(analysis).toMatchObject({ isBlank: true, ocr: null, rotation: 0 });
    expect(analysis.butLuc.value).toBeNull();
  });

  it('uses a born-digital text layer instead of OCR, and takes the page as upright', async () => {
    const page = blankPage({ dpi: 150 });
    await printText({ page, text: SAMPLE_LINES[0]!, dpi: 150, leftMm: 22, topMm: 40 });
    const textLayer: OcrResult = {
      text: SAMPLE_LINES[0]!,
      words: [{ text: 'Căn', confidence: 100, box: [0.1, 0.13, 0.14, 0.15] }],
      meanConfidence: 100,
      engine: 'pdf-text-layer',
    };
    const failing: OcrEngine = {
      name: 'failing',
      recognize: () => Promise.reject(new Error('OCR must not run')),
      close: () => Promise.resolve(),
    };
    const analysis = await analyzePage({
      image: await scan({ page }),
      engine: failing,
      textLayer,
      options: { readButLuc: false },
    });
    expect(analysis.ocr).toBe(textLayer);
    expect(analysis.rotation).toBe(0);
  });
});
