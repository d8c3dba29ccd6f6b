import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../ocr/ocr.registry.ts';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import { openSource } from '../sources/open-source.ts';
import { analyzePage } from './analyze-page.ts';

/*
 * OCR, orientation, blank and bút lục quality on a few real sample pages (thresholds, not strings).
 * Needs ../shared/samples (or SOHOA_SAMPLES_DIR); skipped with a message on a user's clone.
 */
const samplesDir =
  process.env.SOHOA_SAMPLES_DIR ??
  path.resolve(import.meta.dirname, '../../../../../shared/samples');
const caseDir = path.join(samplesDir, 'P1_hinhsu_trom_cap_le_chan');
const present = existsSync(path.join(caseDir, 'ground_truth.json'));
if (!present) {
  process.stdout.write(`samples-quality: skipped, no sample cases at ${samplesDir}\n`);
}

interface GtPage {
  ref: string;
  file: string;
  index: number;
  text: string;
  blank: boolean;
  butluc: number | null;
  orientation?: { upright_fix_cw_deg?: number };
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
function cer(expected: string, actual: string): number {
  const a = [...squash(expected)];
  const b = [...squash(actual)];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]! / Math.max(1, a.length);
}

describe.skipIf(!present)('quality on real sample pages', () => {
  let engine: OcrEngine;
  let gt: GtPage[];
  beforeAll(async () => {
    engine = await createOcrEngine({ name: 'auto' });
    gt = (
      JSON.parse(readFileSync(path.join(caseDir, 'ground_truth.json'), 'utf8')) as {
        pages: GtPage[];
      }
    ).pages;
  });
  afterAll(async () => engine.close());

  async function analyze(ref: string) {
    const page = gt.find((p) => p.ref === ref)!;
    const source = await openSource({ path: path.join(caseDir, page.file), kind: 'pdf' });
    try {
      const { image } = await source.readPage({ index: page.index - 1 });
      return { page, analysis: await analyzePage({ image: image.bytes, engine }) };
    } finally {
      await source.close();
    }
  }

  // A text page, a blank back side, and pages turned upside down or landscape when the corpus has them.
  const picks = () => {
    const text = gt.filter((p) => !p.blank && p.butluc !== null);
    const turned = text.find((p) => (p.orientation?.upright_fix_cw_deg ?? 0) !== 0);
    const blank = gt.find((p) => p.blank);
    return [
      text[1]!,
      text[Math.floor(text.length / 2)]!,
      ...(turned ? [turned] : []),
      ...(blank ? [blank] : []),
    ].map((p) => p.ref);
  };

  it('reads text, orientation, blankness and bút lục within thresholds', async () => {
    for (const ref of picks()) {
      const { page, analysis } = await analyze(ref);
      expect(analysis.isBlank, ref).toBe(page.blank);
      if (page.blank) {
        continue;
      }
      expect(analysis.butLuc.value, ref).toBe(page.butluc);
      expect(analysis.rotation, ref).toBe(page.orientation?.upright_fix_cw_deg ?? 0);
      expect(cer(page.text, analysis.ocr?.text ?? ''), ref).toBeLessThan(0.15);
    }
  }, 120_000);
});
