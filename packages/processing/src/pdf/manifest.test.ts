import { describe, expect, it } from 'vitest';
import { buildExportManifest, compareWithManifest } from './manifest.ts';

const source = (name: string) => ({ name, sha256: `${name}-sha`, bytes: 100 });

function manifest() {
  return buildExportManifest({
    caseInfo: {
      id: 'c1',
      title: 'Vụ án Trộm cắp tài sản',
      codes: { national: 'HS-1', internal: null },
      unit: { id: 'u1', name: 'VKSND huyện Đông Anh' },
    },
    createdAt: new Date('2026-11-29T10:00:00Z'),
    profile: 'pdfa',
    volume: null,
    watermark: null,
    written: {
      sha256: 'abc',
      bytes: 1234,
      pageCount: 4,
      frontMatterPages: 2,
      labels: ['i', 'ii', 'Bìa', '1'],
    },
    contentPages: [
      { pageId: 'p1', volume: 1, sourceIndex: 0, source: source('tap_01.pdf') },
      { pageId: 'p2', volume: 1, sourceIndex: 1, source: source('tap_01.pdf') },
    ],
  }).manifest;
}

describe('export manifest', () => {
  it('lists every PDF page, front matter without a source, and each source once', () => {
    const m = manifest();
    expect(m.format).toBe('sohoa-export-manifest/1');
    expect(m.generator.name).toBe('sohoa');
    expect(m.sources).toEqual([
      { name: 'tap_01.pdf', volume: 1, sha256: 'tap_01.pdf-sha', bytes: 100 },
    ]);
    expect(m.pages.map((p) => [p.pdfPage, p.label, p.pageId, p.sourceIndex])).toEqual([
      [1, 'i', null, null],
      [2, 'ii', null, null],
      [3, 'Bìa', 'p1', 0],
      [4, '1', 'p2', 1],
    ]);
    expect(m).not.toHaveProperty('watermark');
  });

  it('finds no mismatch for the file it describes and names each difference otherwise', () => {
    const m = manifest();
    const actual = { sha256: 'abc', bytes: 1234, pageCount: 4, labels: ['i', 'ii', 'Bìa', '1'] };
    expect(compareWithManifest({ manifest: m, actual }).mismatches).toEqual([]);
    const bad = compareWithManifest({
      manifest: m,
      actual: { sha256: 'abd', bytes: 1235, pageCount: 4, labels: ['i', 'ii', 'Bìa', '2'] },
    }).mismatches;
    expect(bad.map((x) => x.field)).toEqual(['sha256', 'bytes', 'labels']);
    expect(bad[2]!.en).toContain('4: "2" ≠ "1"');
    expect(
      compareWithManifest({
        manifest: { ...m, export: { ...m.export, pages: 5 } },
        actual,
      }).mismatches.map((x) => x.field),
    ).toEqual(['pages']);
    expect(compareWithManifest({ manifest: { hello: 1 }, actual }).mismatches[0]!.field).toBe(
      'format',
    );
  });
});
