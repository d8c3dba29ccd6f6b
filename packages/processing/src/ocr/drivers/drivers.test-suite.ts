import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isProcessingError } from '../../errors.ts';
import { characterErrorRate, SERIF_FONT } from '../../page/page.test-utils.ts';
import type { OcrEngine } from '../ocr.types.ts';

const LINES = ['Quyết định khởi tố vụ án hình sự', 'Số: 45/QĐ-CSĐT ngày 08 tháng 3 năm 2019'];

/** Black text on white paper, as PNG. */
async function renderLines(text: string, pt: number): Promise<Uint8Array> {
  const png = await sharp({
    text: { text, fontfile: SERIF_FONT, font: `DejaVu Serif ${pt}`, dpi: 200 },
  })
    .extractChannel(0)
    // White text on black: pad with black, then invert to black on white paper.
    .extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#000000' })
    .negate()
    .toColourspace('b-w')
    .png()
    .toBuffer();
  return new Uint8Array(png);
}

/** The contract every OCR driver meets (CONVENTIONS §5). Call inside a describe block. */
export function runOcrEngineContract({ createEngine }: { createEngine: () => Promise<OcrEngine> }) {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads Vietnamese text into NFC lines with word boxes inside the image', async () => {
    const result = await engine.recognize({
      image: await renderLines(LINES.join('\n'), 12),
      mode: 'page',
    });
    expect(
      characterErrorRate({ reference: LINES.join('\n'), hypothesis: result.text }),
    ).toBeLessThan(0.03);
    expect(result.text.split(/\n+/)).toHaveLength(2);
    expect(result.text).toBe(result.text.normalize('NFC'));
    expect(result.engine).toBe(engine.name);
    expect(result.meanConfidence).toBeGreaterThan(70);
    for (const word of result.words) {
      const [x0, y0, x1, y1] = word.box;
      expect(0 <= x0 && x0 < x1 && x1 <= 1 && 0 <= y0 && y0 < y1 && y1 <= 1).toBe(true);
    }
    // The first word starts near the left margin of the first line.
    expect(result.words[0]!.box[0]).toBeLessThan(0.15);
    expect(result.words[0]!.box[1]).toBeLessThan(0.5);
  });

  it('reads only digits in line-digits mode', async () => {
    const result = await engine.recognize({
      image: await renderLines('0012', 16),
      mode: 'line-digits',
    });
    expect(result.words.map((w) => w.text).join('')).toBe('0012');
  });

  it('rejects a non-image with a ProcessingError', async () => {
    const error: unknown = await engine
      .recognize({ image: new TextEncoder().encode('not an image'), mode: 'page' })
      .catch((e: unknown) => e);
    expect(isProcessingError(error) && error.code === 'page.ocr_failed').toBe(true);
  });

  it('refuses work after close, and closing twice is harmless', async () => {
    const other = await createEngine();
    await other.close();
    await other.close();
    await expect(other.recognize({ image: new Uint8Array(), mode: 'page' })).rejects.toThrow(
      /closed/,
    );
  });
}
