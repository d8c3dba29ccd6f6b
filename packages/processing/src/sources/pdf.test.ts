import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  moveText,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFontAndSize,
  setTextRenderingMode,
  showText,
  StandardFonts,
  TextRenderingMode,
} from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  greyPixels,
  jpegPage,
  makeG4,
  makeJpeg,
  pdfWithImages,
  pdfWithText,
  pdfWithVietnameseText,
  rawPdf,
} from './fixtures.test-utils.ts';
import { readPdfSource } from './pdf.ts';

const LOW_DPI = { renderDpi: 72 };
const greyOf = async (bytes: Uint8Array) => sharp(bytes).greyscale().raw().toBuffer();

async function onePage(bytes: Uint8Array, limits = {}) {
  const source = await readPdfSource({ bytes, limits });
  try {
    expect(source.pageCount).toBe(1);
    return await source.readPage({ index: 0 });
  } finally {
    await source.close();
  }
}

describe('readPdfSource — scanned pages', () => {
  it.each([
    ['object streams and an xref stream', true],
    ['a classic xref table', false],
  ])(
    'returns the embedded JPEG byte for byte (%s), with dpi from its drawn size',
    async (_, useObjectStreams) => {
      const jpeg = await makeJpeg({ width: 330, height: 468 });
      const bytes = await pdfWithImages([jpegPage(jpeg, { width: 330, height: 468 }, 200)], {
        useObjectStreams,
      });
      const page = await onePage(bytes);
      expect(page.image).toMatchObject({ format: 'jpeg', widthPx: 330, heightPx: 468, dpi: 200 });
      expect(Buffer.compare(page.image.bytes, jpeg)).toBe(0);
      expect(page.textLayer).toBeNull();
    },
  );

  it.each([
    ['WhiteIsZero data (BlackIs1 false)', true],
    ['BlackIsZero data (BlackIs1 true)', false],
  ])('wraps a CCITT G4 image in a TIFF without decoding it: %s', async (_, miniswhite) => {
    const g4 = await makeG4({ width: 400, height: 256, miniswhite });
    const dict = {
      Width: 400,
      Height: 256,
      BitsPerComponent: 1,
      ColorSpace: 'DeviceGray',
      Filter: 'CCITTFaxDecode',
      DecodeParms: { K: -1, Columns: 400, Rows: 256, BlackIs1: !miniswhite },
    };
    const page = await onePage(
      await pdfWithImages([{ dict, data: g4.strips[0]!, size: [144, 92.16] }]),
    );
    expect(page.image).toMatchObject({ format: 'tiff', widthPx: 400, heightPx: 256, dpi: 200 });
    expect(Buffer.from(page.image.bytes).indexOf(Buffer.from(g4.strips[0]!))).toBeGreaterThan(0);
    expect(Buffer.compare(await greyOf(page.image.bytes), g4.pixels)).toBe(0);
  });

  it('decodes a Flate greyscale image to a lossless PNG', async () => {
    const pixels = greyPixels(120, 170, 5);
    const doc = await PDFDocument.create();
    const pdfPage = doc.addPage([120 * 0.36, 170 * 0.36]);
    const ref = doc.context.register(
      doc.context.flateStream(pixels, {
        Type: 'XObject',
        Subtype: 'Image',
        Width: 120,
        Height: 170,
        BitsPerComponent: 8,
        ColorSpace: 'DeviceGray',
      }),
    );
    pdfPage.node.setXObject(PDFName.of('Im0'), ref);
    pdfPage.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(120 * 0.36, 0, 0, 170 * 0.36, 0, 0),
      drawObject('Im0'),
      popGraphicsState(),
    );
    const page = await onePage(await doc.save());
    expect(page.image).toMatchObject({ format: 'png', widthPx: 120, heightPx: 170, dpi: 200 });
    expect(Buffer.compare(await greyOf(page.image.bytes), pixels)).toBe(0);
  });

  it('keeps a 1-bit Flate image bilevel, as a G4 TIFF', async () => {
    const width = 64;
    const height = 40;
    const pixels = greyPixels(width, height, 2);
    const packed = new Uint8Array((width / 8) * height);
    pixels.forEach((v, i) => {
      if (v > 127) {
        packed[i >> 3]! |= 0x80 >> (i & 7);
      }
    });
    const dict = { Width: width, Height: height, BitsPerComponent: 1, ColorSpace: 'DeviceGray' };
    const page = await onePage(
      await pdfWithImages([{ dict, data: packed, size: [width * 0.36, height * 0.36] }]),
    );
    expect(page.image.format).toBe('tiff');
    expect(Buffer.compare(await greyOf(page.image.bytes), pixels)).toBe(0);
  });

  it('refuses a page whose image declares too many pixels, without decoding it', async () => {
    const dict = {
      Width: 60_000,
      Height: 60_000,
      BitsPerComponent: 8,
      ColorSpace: 'DeviceGray',
      Filter: 'DCTDecode',
    };
    const source = await readPdfSource({
      bytes: await pdfWithImages([{ dict, data: new Uint8Array(16), size: [595, 842] }]),
    });
    const started = performance.now();
    const error = await errorOf(() => source.readPage({ index: 0 }));
    expect(error.code).toBe('source.too_many_pixels');
    expect(error.details).toMatchObject({ index: 0, width: 60_000, height: 60_000 });
    // Decoding 3.6 gigapixels would take minutes (or exhaust memory): seconds mean it was not decoded.
    expect(performance.now() - started).toBeLessThan(10_000);
    await source.close();
  });

  it('takes any page by index from a long file (random access for idempotent splitting)', async () => {
    const jpegs = await Promise.all(
      Array.from({ length: 30 }, (_, i) => makeJpeg({ width: 40 + i, height: 60 })),
    );
    const bytes = await pdfWithImages(
      jpegs.map((jpeg, i) => jpegPage(jpeg, { width: 40 + i, height: 60 })),
    );
    const source = await readPdfSource({ bytes });
    expect(source.pageCount).toBe(30);
    for (const index of [25, 3, 29, 0, 25]) {
      const page = await source.readPage({ index });
      expect(page.index).toBe(index);
      expect(Buffer.compare(page.image.bytes, jpegs[index]!)).toBe(0);
    }
    await expect(source.readPage({ index: 30 })).rejects.toThrow(RangeError);
    await source.close();
  });

  it('hands out page bytes that own their memory (a worker may transfer them)', async () => {
    const jpeg = await makeJpeg({ width: 80, height: 100 });
    const bytes = await pdfWithImages([jpegPage(jpeg, { width: 80, height: 100 })]);
    const source = await readPdfSource({ bytes });
    const page = await source.readPage({ index: 0 });
    expect(page.image.bytes.buffer.byteLength).toBe(page.image.bytes.byteLength);
    structuredClone(page.image.bytes, { transfer: [page.image.bytes.buffer as ArrayBuffer] });
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect((await source.readPage({ index: 0 })).image.bytes.byteLength).toBe(jpeg.byteLength);
    await source.close();
  });

  it('keeps the hidden OCR text of a searchable scan, in the coordinates of the image', async () => {
    const jpeg = await makeJpeg({ width: 330, height: 468 });
    const doc = await PDFDocument.create();
    const page = doc.addPage([330 * 0.36, 468 * 0.36]);
    page.drawImage(await doc.embedJpg(jpeg), { x: 0, y: 0, width: 330 * 0.36, height: 468 * 0.36 });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const text = 'Bien ban kham nghiem hien truong vu an';
    page.pushOperators(
      beginText(),
      setTextRenderingMode(TextRenderingMode.Invisible),
      setFontAndSize(page.node.newFontDictionary(font.name, font.ref), 5),
      moveText(10, 150),
      showText(font.encodeText(text)),
      endText(),
    );
    const result = await onePage(await doc.save());
    expect(result.image.format).toBe('jpeg');
    expect(Buffer.compare(result.image.bytes, jpeg)).toBe(0);
    expect(result.textLayer).toMatchObject({ text, engine: 'pdf-ocr-layer' });
    const first = result.textLayer!.words[0]!;
    expect(first.text).toBe('Bien');
    // x = 10 pt of 118.8 pt, baseline at 150 of 168.48 pt from the bottom.
    expect(first.box[0]).toBeCloseTo(10 / 118.8, 2);
    expect(first.box[3]).toBeGreaterThan(1 - 150 / 168.48);
    expect(first.box[1]).toBeLessThan(1 - 150 / 168.48);
  });
});

describe('readPdfSource — born-digital and mixed pages', () => {
  const lines = ['QUYET DINH KHOI TO VU AN HINH SU', 'Can cu Bo luat To tung hinh su'];

  it('renders a text page at 300 dpi and returns its text layer with normalised word boxes', async () => {
    const page = await onePage(await pdfWithText(lines));
    expect(page.image).toMatchObject({ format: 'png', widthPx: 2479, heightPx: 3508, dpi: 300 });
    const meta = await sharp(page.image.bytes).metadata();
    expect(meta.channels).toBe(1);
    expect(page.textLayer!.text).toBe(lines.join('\n'));
    expect(page.textLayer!.engine).toBe('pdf-text');
    expect(page.textLayer!.meanConfidence).toBe(100);
    const [first] = page.textLayer!.words;
    expect(first!.text).toBe('QUYET');
    // drawn at x = 72 pt, baseline y = 760 pt, 12 pt Helvetica, on 595 × 842 pt.
    expect(first!.box[0]).toBeCloseTo(72 / 595, 3);
    expect(first!.box[3]).toBeGreaterThan((842 - 760) / 842);
    expect(first!.box[1]).toBeLessThan((842 - 760) / 842);
    for (const word of page.textLayer!.words) {
      expect(word.box.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('returns Vietnamese text in NFC even when the font maps to decomposed characters', async () => {
    const vietnamese = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
    const page = await onePage(pdfWithVietnameseText(vietnamese), LOW_DPI);
    expect(page.textLayer!.text).toBe(vietnamese.join('\n'));
    expect(page.textLayer!.text).toBe(page.textLayer!.text.normalize('NFC'));
    expect(page.textLayer!.words.map((w) => w.text)).toContain('NGHĨA');
  });

  it('gives no text layer when a page has too little text to skip OCR', async () => {
    const page = await onePage(await pdfWithText(['Trang 3']), LOW_DPI);
    expect(page.image.format).toBe('png');
    expect(page.textLayer).toBeNull();
  });

  it('renders vector drawings and pages with several images', async () => {
    const doc = await PDFDocument.create();
    doc
      .addPage([200, 300])
      .drawRectangle({ x: 20, y: 20, width: 100, height: 50, color: rgb(0, 0, 0) });
    const vector = await onePage(await doc.save(), LOW_DPI);
    expect(vector.image).toMatchObject({ format: 'png', widthPx: 200, heightPx: 300, dpi: 72 });
    const grey = await greyOf(vector.image.bytes);
    expect(grey[(300 - 40) * 200 + 50]).toBeLessThan(50);
    expect(grey[10 * 200 + 10]).toBeGreaterThan(200);

    const jpeg = await makeJpeg({ width: 50, height: 50 });
    const two = await PDFDocument.create();
    const page = two.addPage([200, 300]);
    const image = await two.embedJpg(jpeg);
    page.drawImage(image, { x: 0, y: 0, width: 100, height: 300 });
    page.drawImage(image, { x: 100, y: 0, width: 100, height: 300 });
    expect((await onePage(await two.save(), LOW_DPI)).image.format).toBe('png');
  });

  it('renders a small image on a page as the page, not the image', async () => {
    const jpeg = await makeJpeg({ width: 50, height: 50 });
    const bytes = await pdfWithImages([
      {
        ...jpegPage(jpeg, { width: 50, height: 50 }),
        size: [595, 842],
        ctm: [100, 0, 0, 100, 50, 600],
      },
    ]);
    const page = await onePage(bytes, LOW_DPI);
    expect(page.image).toMatchObject({ format: 'png', widthPx: 595, heightPx: 842 });
  });

  it('accepts a valid page without content as one white page', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const page = await onePage(await doc.save());
    expect(page.image).toMatchObject({ format: 'png', widthPx: 2479, heightPx: 3508, dpi: 300 });
    const stats = await sharp(page.image.bytes).stats();
    expect(stats.channels[0]!.min).toBe(255);
    expect(page.textLayer).toBeNull();
  });

  it('renders a file larger than the in-memory hand-over through the range transport', async () => {
    const doc = await PDFDocument.load(await pdfWithText(lines));
    doc.context.register(doc.context.stream(randomBytes(17 * 1024 * 1024)));
    const page = await onePage(await doc.save({ useObjectStreams: false }), LOW_DPI);
    expect(page.textLayer!.text).toBe(lines.join('\n'));
  });
});

describe('readPdfSource — bad files', () => {
  it('refuses an empty file', async () => {
    expect((await errorOf(() => readPdfSource({ bytes: new Uint8Array(0) }))).code).toBe(
      'source.empty',
    );
  });

  it('refuses a PDF without pages', async () => {
    const doc = await PDFDocument.create();
    expect(
      (
        await errorOf(async () =>
          readPdfSource({ bytes: await doc.save({ addDefaultPage: false }) }),
        )
      ).code,
    ).toBe('source.no_pages');
  });

  it('refuses a PDF cut part-way as truncated', async () => {
    const jpeg = await makeJpeg({ width: 300, height: 400 });
    const bytes = await pdfWithImages([
      jpegPage(jpeg, { width: 300, height: 400 }),
      jpegPage(jpeg, { width: 300, height: 400 }),
    ]);
    for (const keep of [0.3, 0.6, 0.95]) {
      const cut = bytes.subarray(0, Math.floor(bytes.byteLength * keep));
      expect((await errorOf(() => readPdfSource({ bytes: cut }))).code).toBe('source.truncated');
    }
  });

  it('refuses a linearized file whose declared length is beyond its end', async () => {
    const bytes = rawPdf([
      '<< /Linearized 1 /L 999999 /N 1 >>',
      '<< /Type /Catalog /Pages 3 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
    ]);
    const fixed = Buffer.from(bytes).toString('latin1').replace('/Root 1 0 R', '/Root 2 0 R');
    expect((await errorOf(() => readPdfSource({ bytes: Buffer.from(fixed, 'latin1') }))).code).toBe(
      'source.truncated',
    );
  });

  it('refuses an encrypted PDF', async () => {
    const bytes = rawPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
        '<< /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /OE <00> /UE <00> /P -4 /Perms <00> >>',
      ],
      {
        trailer:
          '/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]',
      },
    );
    expect((await errorOf(() => readPdfSource({ bytes }))).code).toBe('source.encrypted');
  });

  it('refuses garbage with a PDF header as corrupt', async () => {
    const bytes = new Uint8Array(Buffer.from('%PDF-1.4\nthis is not a pdf at all\n%%EOF\n'));
    expect((await errorOf(() => readPdfSource({ bytes }))).code).toBe('source.corrupt');
  });

  it('still reads a complete file whose xref offsets are wrong (rebuilt by scanning)', async () => {
    const jpeg = await makeJpeg({ width: 80, height: 120 });
    const bytes = Buffer.from(
      await pdfWithImages([jpegPage(jpeg, { width: 80, height: 120 })], {
        useObjectStreams: false,
      }),
    );
    const text = bytes.toString('latin1');
    const at = text.lastIndexOf('startxref');
    const broken = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from('startxref\n12\n%%EOF\n', 'latin1'),
    ]);
    const page = await onePage(broken);
    expect(Buffer.compare(page.image.bytes, jpeg)).toBe(0);
  });
});

describe('readPdfSource — from a path', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('reads the same pages from a file on disk as from its bytes', async () => {
    const jpegs = await Promise.all([
      makeJpeg({ width: 60, height: 90 }),
      makeJpeg({ width: 61, height: 90 }),
    ]);
    const bytes = await pdfWithImages(
      jpegs.map((jpeg, i) => jpegPage(jpeg, { width: 60 + i, height: 90 })),
    );
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-pdf-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'a.pdf'), bytes);
    const source = await readPdfSource({ path: path.join(dir, 'a.pdf') });
    const pages = [];
    for await (const page of source.pages()) {
      pages.push(page);
    }
    await source.close();
    expect(pages.map((p) => Buffer.compare(p.image.bytes, jpegs[p.index]!))).toEqual([0, 0]);
  });
});
