/*
 * Tiny input files built in code for the sources tests: images (sharp), PDFs (pdf-lib and by hand),
 * multi-page TIFFs and ZIPs are in containers.test-utils.ts.
 */
import { crc32 } from 'node:zlib';
import {
  concatTransformationMatrix,
  degrees,
  drawObject,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';
import sharp from 'sharp';
import { ProcessingError } from '../errors.ts';
import { bytesSource } from './byte-source.ts';
import { readTiffPages } from './tiff.ts';

/** A greyscale page-like picture: white with black bars (a "text" pattern), deterministic. */
export function greyPixels(width: number, height: number, seed = 0): Buffer {
  const pixels = Buffer.alloc(width * height, 255);
  for (let y = Math.floor(height / 10); y < height * 0.9; y += 12) {
    const length = Math.floor(width * (0.4 + (((y + seed) * 7919) % 50) / 100));
    for (let row = y; row < Math.min(y + 5, height); row += 1) {
      pixels.fill(
        0,
        row * width + Math.floor(width / 10),
        row * width + Math.min(length, width - 1),
      );
    }
  }
  return pixels;
}

const raw = (width: number, height: number, pixels = greyPixels(width, height)) =>
  sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('b-w');

export async function makeJpeg({
  width = 160,
  height = 220,
  density,
}: { width?: number; height?: number; density?: number } = {}) {
  const image = raw(width, height);
  return new Uint8Array(
    await (density ? image.withDensity(density) : image).jpeg({ quality: 80 }).toBuffer(),
  );
}

export async function makePng({
  width = 160,
  height = 220,
  density,
}: { width?: number; height?: number; density?: number } = {}) {
  const image = raw(width, height);
  return new Uint8Array(await (density ? image.withDensity(density) : image).png().toBuffer());
}

/** A one-strip CCITT G4 image (height ≤ 256: sharp writes 256 rows per strip). */
export async function makeG4({
  width = 400,
  height = 256,
  miniswhite = true,
}: { width?: number; height?: number; miniswhite?: boolean } = {}) {
  const pixels = greyPixels(width, height);
  const tiff = new Uint8Array(
    await raw(width, height, pixels)
      .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite })
      .toBuffer(),
  );
  const page = readTiffPages(bytesSource(tiff))![0]!;
  const strips = page.stripOffsets.map((offset, i) =>
    tiff.subarray(offset, offset + page.stripByteCounts[i]!),
  );
  return { tiff, pixels, strips, photometric: page.photometric };
}

/** A PNG whose IHDR claims `width × height` followed by a tiny IDAT: refused before decoding. */
export function pngBomb(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.byteLength);
    out.writeUInt32BE(data.byteLength, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.byteLength);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export interface ImagePageSpec {
  /** The image XObject dictionary (pdf-lib literal: strings become names). */
  dict: Record<string, unknown>;
  data: Uint8Array;
  /** Page size in points. */
  size: [number, number];
  /** Where the image is drawn; default: the whole page. */
  ctm?: [number, number, number, number, number, number];
  rotate?: number;
}

/** A PDF whose pages each draw one image XObject written as given (no re-encoding by pdf-lib). */
export async function pdfWithImages(
  pages: ImagePageSpec[],
  { useObjectStreams = true } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const spec of pages) {
    const page = doc.addPage(spec.size);
    const ref = doc.context.register(
      doc.context.stream(spec.data, { Type: 'XObject', Subtype: 'Image', ...spec.dict }),
    );
    page.node.setXObject(PDFName.of('Im0'), ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(...(spec.ctm ?? [spec.size[0], 0, 0, spec.size[1], 0, 0])),
      drawObject('Im0'),
      popGraphicsState(),
    );
    if (spec.rotate) {
      page.setRotation(degrees(spec.rotate));
    }
  }
  return doc.save({ useObjectStreams });
}

export function jpegPage(
  jpeg: Uint8Array,
  { width, height }: { width: number; height: number },
  dpi = 200,
): ImagePageSpec {
  return {
    dict: {
      Width: width,
      Height: height,
      BitsPerComponent: 8,
      ColorSpace: 'DeviceGray',
      Filter: 'DCTDecode',
    },
    data: jpeg,
    size: [(width / dpi) * 72, (height / dpi) * 72],
  };
}

/** An ASCII text page in Helvetica (a standard font), optionally with a drawn rectangle. */
export async function pdfWithText(lines: string[], { pages = 1 } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p += 1) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 760 - i * 20, size: 12, font }));
  }
  return doc.save();
}

/** Objects numbered from 1; a string is a whole object body, a stream gets its /Length. */
export type RawObject = string | { dict: string; stream: Uint8Array | string };

/** A PDF written by hand with a correct classic xref (for structures pdf-lib will not write). */
export function rawPdf(
  objects: RawObject[],
  { trailer = '' }: { trailer?: string } = {},
): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.byteLength;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    let body: Buffer;
    if (typeof object === 'string') {
      body = Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1');
    } else {
      const data =
        typeof object.stream === 'string'
          ? Buffer.from(object.stream, 'latin1')
          : Buffer.from(object.stream);
      body = Buffer.concat([
        Buffer.from(
          `${i + 1} 0 obj\n<< ${object.dict} /Length ${data.byteLength} >>\nstream\n`,
          'latin1',
        ),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]);
    }
    parts.push(body);
    length += body.byteLength;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * A page of Vietnamese text in a Type0 font whose ToUnicode map gives DECOMPOSED (NFD) strings, as
 * some producers write: the text layer must come out NFC. The font is not embedded (pdf.js
 * substitutes one to render); only the text extraction matters here.
 */
export function pdfWithVietnameseText(lines: string[]): Uint8Array {
  const chars = [...new Set(lines.join('').normalize('NFC'))];
  const cid = (ch: string) => (chars.indexOf(ch) + 1).toString(16).padStart(4, '0');
  const utf16 = (s: string) =>
    [...Buffer.from(s, 'utf16le').swap16()].map((b) => b.toString(16).padStart(2, '0')).join('');
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map((ch) => `<${cid(ch)}> <${utf16(ch.normalize('NFD'))}>`),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const content = [
    'BT /F1 12 Tf 72 760 Td 14 TL',
    ...lines.map((line) => `<${[...line.normalize('NFC')].map(cid).join('')}> Tj T*`),
    'ET',
  ].join('\n');
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSerif /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
    { dict: '', stream: content },
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSerif /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 600 >>',
    { dict: '', stream: cmap },
    '<< /Type /FontDescriptor /FontName /DejaVuSerif /Flags 32 /FontBBox [0 -240 1000 930] /ItalicAngle 0 /Ascent 930 /Descent -240 /CapHeight 730 /StemV 80 >>',
  ]);
}

/** The ProcessingError a call throws (or rejects with); fails the test when there is none. */
export async function errorOf(fn: () => unknown): Promise<ProcessingError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ProcessingError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ProcessingError');
}
