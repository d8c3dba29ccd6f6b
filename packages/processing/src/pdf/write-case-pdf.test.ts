import { mkdtempSync, rmSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../sources/byte-source.ts';
import { resolveLimits } from '../sources/limits.ts';
import { openPdfJs } from '../sources/pdf/pdfjs.ts';
import { renderPage, SAMPLE_LINES } from '../testing/fixtures.test-utils.ts';
import { butLucLabels } from './page-labels.ts';
import { hasTool, run, wordsForLines } from './pdf.test-utils.ts';
import type { ExportPage, FrontMatter } from './pdf.types.ts';
import { samplePageIndexes, verifyCasePdf } from './verify-case-pdf.ts';
import { writeCasePdf } from './write-case-pdf.ts';

const DPI = 150;
const W = Math.round((210 / 25.4) * DPI);
const H = Math.round((297 / 25.4) * DPI);
const LINES_2 = ['BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG', 'Nguyễn Thị Hường, Trần Đức Lưỡng đã ký.'];
const tools = hasTool('qpdf') && hasTool('pdfinfo') && hasTool('pdftotext');

let dir: string;
let upright: Uint8Array;
let sideways: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sohoa-pdf-'));
  upright = await renderPage({ butLuc: 1, dpi: DPI });
  sideways = await renderPage({ butLuc: 2, dpi: DPI, rotateDegrees: 90, lines: LINES_2 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const words = (lines: string[]) =>
  wordsForLines({ lines, widthPx: W, top: DPI * 1.2, lineHeight: DPI / 4.2, left: DPI * 0.9 });

function casePages(): ExportPage[] {
  const labels = butLucLabels({
    pages: [
      { butLuc: null, isBlank: false, isCover: true, volume: 1 },
      { butLuc: 1, isBlank: false, isCover: false, volume: 1 },
      { butLuc: null, isBlank: true, isCover: false, volume: 1 },
      { butLuc: 2, isBlank: false, isCover: false, volume: 1 },
    ],
  });
  const img = { bytes: upright, format: 'jpeg' as const, widthPx: W, heightPx: H, dpi: DPI };
  return [
    { image: img, rotation: 0, words: [], label: labels[0]! },
    { image: img, rotation: 0, words: words(SAMPLE_LINES), label: labels[1]! },
    { image: img, rotation: 0, words: [], label: labels[2]! },
    // Stored turned a quarter clockwise: shown upright through /Rotate 270, bytes kept.
    {
      image: { bytes: sideways, format: 'jpeg', widthPx: H, heightPx: W, dpi: DPI },
      rotation: 270,
      words: words(LINES_2),
      label: labels[3]!,
    },
  ];
}

const front = (over: Partial<FrontMatter> = {}): FrontMatter => ({
  unitName: 'Viện kiểm sát nhân dân huyện Đông Anh',
  caseTitle: 'Vụ án Trộm cắp tài sản',
  nationalCode: 'HS-2019-0001',
  charges: ['Trộm cắp tài sản (Điều 173 BLHS)'],
  volumes: 1,
  sheets: 2,
  pages: 4,
  generatedAt: new Date('2026-11-29T10:00:00Z'),
  index: [
    {
      section: 'Tài liệu về thủ tục tố tụng',
      stt: 1,
      title: 'BIÊN BẢN GHI LỜI KHAI',
      number: null,
      date: '2019-03-05',
      issuer: 'Cơ quan CSĐT Công an huyện Đông Anh',
      butLucFrom: 1,
      butLucTo: 1,
      targetPageIndex: 1,
    },
    {
      section: 'Tài liệu về chứng cứ',
      stt: 2,
      title: 'BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG',
      number: '12/BB',
      date: '2019-03-06',
      issuer: null,
      butLucFrom: 2,
      butLucTo: 2,
      targetPageIndex: 3,
    },
  ],
  ...over,
});

const outline = [
  {
    title: 'Tài liệu về thủ tục tố tụng',
    pageIndex: null,
    children: [
      { title: 'BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn Bình – 5/3/2019 – BL 1', pageIndex: 1 },
    ],
  },
  {
    title: 'Tài liệu về chứng cứ',
    pageIndex: null,
    children: [{ title: 'BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG – 6/3/2019 – BL 2', pageIndex: 3 }],
  },
];
const info = {
  title: 'Vụ án Trộm cắp tài sản',
  caseCode: 'HS-2019-0001',
  unitName: 'VKSND huyện Đông Anh',
  createdAt: new Date('2026-11-29T10:00:00Z'),
};

async function write(file: string, profile: 'working' | 'pdfa', frontMatter = front()) {
  const output = createWriteStream(file);
  return writeCasePdf({ pages: casePages(), outline, frontMatter, info, profile, output });
}

/** qpdf's page label ranges expanded to one label per page (an independent reading). */
function qpdfLabels(file: string, pageCount: number): string[] {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=pagelabels', file])) as {
    pagelabels: Array<{ index: number; label: Record<string, string | number> }>;
  };
  const roman = (n: number) =>
    ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'][n - 1] ?? String(n);
  return Array.from({ length: pageCount }, (_, i) => {
    const range = [...json.pagelabels].reverse().find((r) => r.index <= i)!;
    const prefix = String(range.label['/P'] ?? '').replace(/^u:/, '');
    const n = Number(range.label['/St'] ?? 1) + i - range.index;
    const style = range.label['/S'];
    return prefix + (style === '/D' ? String(n) : style === '/r' ? roman(n) : '');
  });
}

describe.skipIf(!tools)('writeCasePdf (checked with qpdf, poppler and pdf.js)', () => {
  it('adds a provenance page listing the source files with their SHA-256 and the generator', async () => {
    const file = path.join(dir, 'provenance.pdf');
    // "ff" in a hash is set as a ligature glyph (ToUnicode <0066 0066>): the read-back copes.
    const sha = 'ffab'.repeat(16);
    const result = await writeCasePdf({
      pages: casePages(),
      outline,
      frontMatter: front({
        provenance: {
          generator: { name: 'sohoa', version: '9.8.7' },
          sources: [{ name: 'tập_01.pdf', volume: 1, sha256: sha, bytes: 4321 }],
        },
      }),
      info,
      profile: 'pdfa',
      output: createWriteStream(file),
    });
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    expect(result.labels).toEqual(['i', 'ii', 'iii', 'Bìa', '1', '1 (mặt sau)', '2']);
    const page3 = run('pdftotext', ['-f', '3', '-l', '3', file, '-']).replace(/\s+/g, ' ');
    expect(page3).toContain('tập_01.pdf');
    expect(page3).toContain(sha);
    expect(page3).toContain('phiên bản 9.8.7');
    expect(page3).toContain('manifest');
    const check = await verifyCasePdf({
      path: file,
      expected: {
        pageCount: 7,
        labels: result.labels,
        outlineCount: result.outlineCount,
        samples: [{ pageIndex: 4, words: SAMPLE_LINES.join(' ').split(' ') }],
      },
    });
    expect(check.problems).toEqual([]);
    // The outline still points "Mục lục" at the index page, not at this one.
    const outlines = JSON.parse(run('qpdf', ['--json=2', '--json-key=outlines', file])) as {
      outlines: Array<{ title: string; destpageposfrom1: number }>;
    };
    expect(outlines.outlines[1]).toMatchObject({ title: 'Mục lục', destpageposfrom1: 2 });
  });

  it('stamps every content page of a copy (bản sao) and leaves the master unstamped', async () => {
    const watermark = {
      fullName: 'Nguyễn Thị Hường',
      unitName: 'VKSND huyện Đông Anh',
      at: new Date('2026-11-29T16:05:00Z'),
    };
    const stamp = 'BẢN SAO – Nguyễn Thị Hường – VKSND huyện Đông Anh – 29/11/2026 23:05';
    const copy = path.join(dir, 'copy.pdf');
    const result = await writeCasePdf({
      pages: casePages(),
      outline,
      frontMatter: front(),
      info,
      profile: 'pdfa',
      output: createWriteStream(copy),
      watermark,
    });
    expect(run('qpdf', ['--check', copy])).toContain('No syntax or stream encoding errors');
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    for (let p = 3; p <= result.pageCount; p++) {
      const text = run('pdftotext', ['-raw', '-f', String(p), '-l', String(p), copy, '-']);
      // Diagonal text comes out a glyph at a time: compare without spaces.
      expect(text.replace(/\s+/g, ''), `page ${String(p)}`).toContain(stamp.replace(/\s+/g, ''));
    }
    // The OCR layer is still there under the stamp.
    expect(flat(run('pdftotext', ['-f', '4', '-l', '4', copy, '-']))).toContain(SAMPLE_LINES[0]);
    const master = path.join(dir, 'master.pdf');
    await write(master, 'pdfa');
    expect(run('pdftotext', [master, '-'])).not.toContain('BẢN SAO');
  });

  it('writes a file qpdf finds clean, with the page count, labels and outline the case needs', async () => {
    const file = path.join(dir, 'working.pdf');
    const result = await write(file, 'working');
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    expect(run('pdfinfo', [file])).toMatch(/Pages:\s+6\n/);
    expect(result.labels).toEqual(['i', 'ii', 'Bìa', '1', '1 (mặt sau)', '2']);
    expect(qpdfLabels(file, 6)).toEqual(result.labels);
    const outlines = JSON.parse(run('qpdf', ['--json=2', '--json-key=outlines', file])) as {
      outlines: Array<{
        title: string;
        destpageposfrom1: number;
        kids: Array<{ title: string; destpageposfrom1: number }>;
      }>;
    };
    expect(outlines.outlines.map((o) => o.title)).toEqual([
      'Bìa bản số hóa',
      'Mục lục',
      'Tài liệu về thủ tục tố tụng',
      'Tài liệu về chứng cứ',
    ]);
    expect(outlines.outlines[2]!.kids[0]).toMatchObject({
      title: 'BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn Bình – 5/3/2019 – BL 1',
      destpageposfrom1: 4,
    });
    expect(outlines.outlines[3]!.kids[0]!.destpageposfrom1).toBe(6);
    expect(result.outlineCount).toBe(6);
  });

  it('gives back the OCR words of a page as NFC Vietnamese with pdftotext, also on a /Rotate page', async () => {
    const file = path.join(dir, 'text.pdf');
    await write(file, 'working');
    const page4 = run('pdftotext', ['-f', '4', '-l', '4', file, '-']);
    expect(page4.trim().split('\n')).toEqual(SAMPLE_LINES);
    expect(page4.normalize('NFC')).toBe(page4);
    const page6 = run('pdftotext', ['-f', '6', '-l', '6', file, '-']);
    expect(page6.trim().split('\n')).toEqual(LINES_2);
    expect(run('pdfinfo', ['-f', '6', '-l', '6', file])).toMatch(/Page\s+6 rot:\s+270/);
    // The JPEG is embedded byte for byte.
    expect(Buffer.from(readFileSync(file)).includes(Buffer.from(sideways))).toBe(true);
  });

  it('links each index row to the first page of its document', async () => {
    const file = path.join(dir, 'links.pdf');
    await write(file, 'working');
    const source = fileSource(file);
    const doc = await openPdfJs(source, resolveLimits(undefined));
    try {
      const annotations = await (await doc.getPage(2)).getAnnotations();
      const targets: number[] = [];
      for (const a of annotations as Array<{ dest?: string }>) {
        const dest = await doc.getDestination(a.dest!);
        targets.push((await doc.getPageIndex(dest![0] as { num: number; gen: number })) + 1);
      }
      expect(targets).toEqual([4, 6]);
    } finally {
      await doc.destroy();
      source.close();
    }
  });

  it('reads in pdf.js (the viewer of Firefox): bút lục labels, the outline and Vietnamese text', async () => {
    const file = path.join(dir, 'pdfjs.pdf');
    const result = await write(file, 'working');
    const source = fileSource(file);
    const doc = await openPdfJs(source, resolveLimits(undefined));
    try {
      expect(await doc.getPageLabels()).toEqual(result.labels);
      const outline = (await doc.getOutline()) as Array<{ title: string; items: unknown[] }>;
      expect(outline.length).toBeGreaterThan(0);
      expect(outline.reduce((n, o) => n + 1 + o.items.length, 0)).toBe(result.outlineCount);
      // What the viewer's search box matches: the text items of the page, NFC with diacritics.
      const firstWords = SAMPLE_LINES[0]!.split(' ').slice(0, 3).join(' ');
      let found = false;
      for (let i = 1; i <= doc.numPages && !found; i++) {
        const content = await (await doc.getPage(i)).getTextContent();
        const text = (content.items as Array<{ str?: string }>).map((t) => t.str ?? '').join(' ');
        found = text.replace(/\s+/g, ' ').includes(firstWords);
      }
      expect(found).toBe(true);
    } finally {
      await doc.destroy();
      source.close();
    }
  });

  it('reads itself back (verifyCasePdf) and notices a wrong expectation', async () => {
    const file = path.join(dir, 'verify.pdf');
    const result = await write(file, 'working');
    const expected = {
      pageCount: result.pageCount,
      labels: result.labels,
      outlineCount: result.outlineCount,
      samples: samplePageIndexes({ pagesWithWords: [3] }).map((pageIndex) => ({
        pageIndex,
        words: SAMPLE_LINES.join(' ').split(' '),
      })),
    };
    expect(await verifyCasePdf({ path: file, expected })).toMatchObject({ ok: true, problems: [] });
    const wrong = await verifyCasePdf({
      path: file,
      expected: {
        ...expected,
        labels: ['i', 'ii', 'Bìa', '2'],
        samples: [{ pageIndex: 5, words: ['Hồi'] }],
      },
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems).toHaveLength(2);
  });

  it('marks an export made before OCR finished as "CHƯA HOÀN TẤT" on the cover', async () => {
    const file = path.join(dir, 'incomplete.pdf');
    await write(file, 'working', front({ incomplete: { pendingPages: 3 } }));
    expect(run('pdftotext', ['-f', '1', '-l', '1', file, '-'])).toContain('CHƯA HOÀN TẤT');
    const clean = path.join(dir, 'complete.pdf');
    await write(clean, 'working');
    expect(run('pdftotext', ['-f', '1', '-l', '1', clean, '-'])).not.toContain('CHƯA HOÀN TẤT');
  });

  it('adds the PDF/A-2b identification, the output intent and XMP metadata in the pdfa profile', async () => {
    const file = path.join(dir, 'pdfa.pdf');
    await write(file, 'pdfa');
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    const meta = run('pdfinfo', ['-meta', file]);
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(meta).toContain('Vụ án Trộm cắp tài sản');
    expect(meta).toContain('<pdf:Producer>sohoa</pdf:Producer>');
    const trailer = run('qpdf', ['--show-object=trailer', file]);
    expect(trailer).toContain('/ID');
    const rootId = /\/Root (\d+) 0 R/.exec(trailer)![1]!;
    expect(run('qpdf', [`--show-object=${rootId}`, file])).toContain('/OutputIntents');
    // Every font embedded (column "emb" of pdffonts).
    const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((line) => / yes (yes|no) (yes|no) /.test(line))).toBe(true);
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/Producer:\s+sohoa/);
  });
});

describe('writeCasePdf failures', () => {
  it('fails with export.write_failed when the output fails (disk full) and does not hang', async () => {
    let written = 0;
    const output = new Writable({
      write(chunk: Buffer, _enc, cb) {
        written += chunk.length;
        cb(
          written > 100_000
            ? Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
            : null,
        );
      },
    });
    const many = Array.from({ length: 40 }, () => casePages()[1]!);
    await expect(
      writeCasePdf({
        pages: many,
        outline: [],
        frontMatter: null,
        info,
        profile: 'working',
        output,
      }),
    ).rejects.toMatchObject({ code: 'export.write_failed' });
  });

  it('passes on the error of the page source (a missing image) without finishing the file', async () => {
    async function* pages() {
      yield casePages()[1]!;
      throw new Error('blob missing');
    }
    const chunks: Buffer[] = [];
    const output = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await expect(
      writeCasePdf({
        pages: pages(),
        outline: [],
        frontMatter: null,
        info,
        profile: 'working',
        output,
      }),
    ).rejects.toThrow('blob missing');
    expect(Buffer.concat(chunks).includes(Buffer.from('%%EOF'))).toBe(false);
  });
});

if (!tools) {
  // eslint-disable-next-line no-console -- say why the checks with independent tools did not run.
  console.warn('writeCasePdf: qpdf/poppler-utils missing, the independent-tool checks are skipped');
}
