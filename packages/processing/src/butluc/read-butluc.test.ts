import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../ocr/ocr.registry.ts';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import { renderUpright } from '../page/deskew.ts';
import { decodeGray, type GrayImage } from '../page/gray-image.ts';
import {
  printBoxStamp,
  printHandNumber,
  renderDocumentPage,
  scan,
} from '../page/page.test-utils.ts';
import { readButLuc } from './read-butluc.ts';

const dpi = 200;

/** A page as the pipeline hands it over: scanned (noise, JPEG), then decoded upright. */
async function scanned(page: GrayImage): Promise<GrayImage> {
  return decodeGray({ image: await scan({ page, noise: 6, quality: 70 }) });
}

describe('readButLuc', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createOcrEngine({ name: 'auto' });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads a zero-padded numbering-machine stamp in a box', async () => {
    const page = await renderDocumentPage({ dpi, lines: [] });
    await printBoxStamp({ page, digits: '0012', dpi, leftMm: 165, topMm: 8 });
    const reading = await readButLuc({ page: await scanned(page), engine });
    expect(reading.value).toBe(12);
    expect(reading.raw).toBe('0012');
    expect(reading.confidence).toBeGreaterThan(0.5);
    expect(reading.box![0]).toBeGreaterThan(0.7);
    expect(reading.box![1]).toBeLessThan(0.06);
  });

  it('reads a stamp with a double frame', async () => {
    const page = await renderDocumentPage({ dpi, lines: [] });
    await printBoxStamp({ page, digits: '0208', dpi, leftMm: 160, topMm: 8, double: true });
    const reading = await readButLuc({ page: await scanned(page), engine });
    expect(reading.value).toBe(208);
  });

  it('reads a handwritten number', async () => {
    const page = await renderDocumentPage({ dpi, lines: [] });
    await printHandNumber({ page, digits: '37', dpi, leftMm: 170, topMm: 7 });
    const reading = await readButLuc({ page: await scanned(page), engine });
    expect(reading.value).toBe(37);
  });

  it('does not take the document number or the date of the header for a bút lục', async () => {
    const page = await renderDocumentPage({ dpi, lines: [] });
    const reading = await readButLuc({ page: await scanned(page), engine });
    expect(reading).toEqual({ value: null, raw: null, confidence: 0, box: null });
  });

  it('reads a landscape page at the top right of the sheet as filed (bottom right once upright)', async () => {
    const page = await renderDocumentPage({ dpi, lines: [] });
    await printBoxStamp({ page, digits: '0045', dpi, leftMm: 165, topMm: 8 });
    // The sheet holds landscape content: upright, the sheet is turned a quarter turn clockwise.
    const upright = await renderUpright({
      image: await scanned(page),
      rotation: 90,
      skewDegrees: 0,
    });
    const reading = await readButLuc({ page: upright, engine });
    expect(reading.value).toBe(45);
    expect(reading.box![1]).toBeGreaterThan(0.7);
  });
});
