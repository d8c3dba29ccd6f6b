import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImagePdf,
  renderPage,
} from '../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import { runAnalyze } from './analyze.ts';

const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `sohoa analyze … --out result.json --pdf out.pdf`: the in-memory pipeline also writes the case file. */
describe('runAnalyze with a case file PDF (real OCR)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sohoa-analyze-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the evaluation output and a verified PDF labelled by bút lục', async () => {
    const file = path.join(dir, 'tap_01.pdf');
    await writeFile(
      file,
      await buildImagePdf({
        jpegs: [await renderPage({ butLuc: 1 }), await renderPage({ butLuc: 2 })],
      }),
    );
    const out = path.join(dir, 'ho-so.pdf');
    const { output, pdf } = await runAnalyze({
      inputs: [file],
      threads: 1,
      pdf: { path: out, profile: 'working' },
    });
    expect(output.pages.map((p) => [p.ref, p.butluc])).toEqual([
      ['tap_01.pdf#1', 1],
      ['tap_01.pdf#2', 2],
    ]);
    expect(output.documents.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(true);
    expect(pdf).toMatchObject({ path: out });
    expect(pdf!.pageCount).toBeGreaterThan(2);
    if (hasPoppler) {
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`Pages:\\s+${String(pdf!.pageCount)}\\n`));
    }
  }, 240_000);
});
