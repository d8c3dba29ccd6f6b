/*
 * The shared sample corpus (../shared/samples, or SOHOA_SAMPLES_DIR): every bad input must get the
 * outcome its manifest expects, and the scanned PDFs must split into their embedded JPEGs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessingError } from '../errors.ts';
import type { SourceKind } from '../types.ts';
import { readJpegHeader } from './image-headers.ts';
import { bytesSource } from './byte-source.ts';
import { inspectSource, openSource } from './open-source.ts';
import { expandZip } from './zip.ts';

const samplesDir =
  process.env.SOHOA_SAMPLES_DIR ??
  path.resolve(import.meta.dirname, '../../../../../shared/samples');
const present = existsSync(path.join(samplesDir, 'bad_inputs', 'manifest.json'));

interface Outcome {
  kind?: SourceKind;
  pages?: number;
  entries?: string[];
  code?: string;
}

/** What the system does with a file: sniff, then split every page (or expand a ZIP). */
async function outcomeOf(filePath: string): Promise<Outcome> {
  try {
    const { kind, pageCount } = await inspectSource({
      path: filePath,
      fileName: path.basename(filePath),
      sizeBytes: (await stat(filePath)).size,
    });
    if (kind === 'zip') {
      const outDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-samples-'));
      try {
        const { entries } = await expandZip({ path: filePath, outDir });
        return { kind, entries: entries.map((e) => e.name) };
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    }
    const source = await openSource({ path: filePath, kind });
    try {
      for await (const page of source.pages()) {
        expect(page.image.bytes.byteLength).toBeGreaterThan(0);
      }
    } finally {
      await source.close();
    }
    return { kind, pages: pageCount };
  } catch (error) {
    if (error instanceof ProcessingError) {
      return { code: error.code };
    }
    throw error;
  }
}

/** The outcomes each `expected` of the manifest allows. */
const ACCEPTABLE: Record<string, (outcome: Outcome, file: string) => boolean> = {
  reject: (o) => o.code !== undefined,
  'reject-or-partial': (o) =>
    o.code === 'source.truncated' || o.code === 'source.corrupt' || (o.pages ?? 0) > 0,
  'reject: password required': (o) => o.code === 'source.encrypted',
  'reject-or-sniff': (o, file) =>
    o.code !== undefined || (o.kind !== undefined && o.kind !== file.split('.').pop()),
  'reject: pixel limit': (o) => o.code === 'source.too_many_pixels',
  'reject-or-skip-entries': (o) =>
    o.code === 'source.zip_unsafe_path' ||
    (o.entries !== undefined && o.entries.every((e) => !e.includes('..'))),
  'accept: 1 page, no content (blank)': (o) => o.pages === 1,
  'reject: no pages': (o) => o.code === 'source.no_pages',
};

const title = present
  ? `shared samples (${samplesDir})`
  : `shared samples SKIPPED: ${samplesDir} not found (set SOHOA_SAMPLES_DIR)`;

describe.skipIf(!present)(title, () => {
  const manifest = present
    ? (JSON.parse(readFileSync(path.join(samplesDir, 'bad_inputs', 'manifest.json'), 'utf8')) as {
        files: Array<{ file: string; expected: string }>;
      })
    : { files: [] };

  it.each(manifest.files)('bad input $file: $expected', async ({ file, expected }) => {
    const check = ACCEPTABLE[expected];
    expect(check, `no rule for "${expected}"`).toBeDefined();
    const outcome = await outcomeOf(path.join(samplesDir, 'bad_inputs', file));
    expect(check!(outcome, file), JSON.stringify(outcome)).toBe(true);
  });

  it('has a rule for every file of bad_inputs', async () => {
    const files = (await readdir(path.join(samplesDir, 'bad_inputs'))).filter(
      (f) => f !== 'manifest.json',
    );
    expect(files.sort()).toEqual(manifest.files.map((f) => f.file).sort());
  });

  it('splits P1 tap_01.pdf into its embedded JPEGs, byte for byte', async () => {
    const pdfPath = path.join(samplesDir, 'P1_hinhsu_trom_cap_le_chan', 'tap_01.pdf');
    const groundTruth = JSON.parse(
      readFileSync(
        path.join(samplesDir, 'P1_hinhsu_trom_cap_le_chan', 'ground_truth.json'),
        'utf8',
      ),
    ) as {
      pages: Array<{
        file: string;
        image: { width_px: number; height_px: number; dpi: number; format: string };
      }>;
    };
    const expected = groundTruth.pages.filter((p) => p.file === 'tap_01.pdf');
    const pdfBytes = readFileSync(pdfPath);
    const source = await openSource({ path: pdfPath, kind: 'pdf' });
    expect(source.pageCount).toBe(expected.length);
    for await (const page of source.pages()) {
      const truth = expected[page.index]!;
      expect(page.image).toMatchObject({
        format: 'jpeg',
        widthPx: truth.image.width_px,
        heightPx: truth.image.height_px,
        dpi: truth.image.dpi,
      });
      // The bytes are a stream of the PDF itself, untouched, and a complete JPEG.
      expect(pdfBytes.indexOf(Buffer.from(page.image.bytes))).toBeGreaterThan(0);
      expect(readJpegHeader(bytesSource(page.image.bytes))?.truncated).toBe(false);
    }
    await source.close();
  });

  it.skipIf(!hasPdfimages())('gives the same JPEGs as poppler pdfimages -j', async () => {
    const pdfPath = path.join(samplesDir, 'P1_hinhsu_trom_cap_le_chan', 'tap_02.pdf');
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-pdfimages-'));
    try {
      execFileSync('pdfimages', ['-j', pdfPath, path.join(outDir, 'img')]);
      const images = (await readdir(outDir)).sort();
      const source = await openSource({ path: pdfPath, kind: 'pdf' });
      for await (const page of source.pages()) {
        expect(
          Buffer.compare(page.image.bytes, readFileSync(path.join(outDir, images[page.index]!))),
        ).toBe(0);
      }
      await source.close();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('returns a usable text layer for the born-digital PDF', async () => {
    const pdfPath = path.join(samplesDir, 'born_digital', 'qd_khoi_to_va_cao_trang_kien_an.pdf');
    const source = await openSource({ path: pdfPath, kind: 'pdf', limits: { renderDpi: 100 } });
    const first = await source.readPage({ index: 0 });
    await source.close();
    expect(first.textLayer?.engine).toBe('pdf-text');
    expect(first.textLayer?.text).toContain('KHỞI TỐ VỤ ÁN HÌNH SỰ');
  });
});

function hasPdfimages(): boolean {
  try {
    execFileSync('pdfimages', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
