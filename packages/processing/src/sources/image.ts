import sharp, { type Metadata } from 'sharp';
import { ProcessingError } from '../errors.ts';
import type { SourcePage } from '../types.ts';
import { openByteSource, readAll, type ByteSource, type SourceInput } from './byte-source.ts';
import { plausibleDpi, readJpegHeader, readPngHeader } from './image-headers.ts';
import { resolveLimits, type SourceLimits } from './limits.ts';
import { checkIndex, pagesOf, withOwnedBytes, type PageSource } from './page-source.ts';
import { readTiff, writeCcittTiff, type TiffPage } from './tiff.ts';

/**
 * Opens an image file as pages: JPEG and PNG are one page, returned byte for byte; a TIFF gives one
 * page per image (thumbnails skipped). Decompression bombs are refused by the pixel count the headers
 * DECLARE, before anything is decoded (`source.too_many_pixels`); data that ends early is
 * `source.truncated`; unreadable headers `source.corrupt`.
 *
 * TIFF pages: G4 pages are copied out without decoding (strips rewrapped in a one-page TIFF);
 * other bilevel pages are re-encoded to G4; single-strip JPEG pages become a plain JPEG without
 * recompression; everything else is decoded once and stored as lossless PNG (JPEG q92 for
 * multi-strip JPEG-compressed pages).
 *
 * DPI is the declared resolution when it is a scanner's (≥ 100 dpi), else null.
 */
export async function readImageSource(
  input: SourceInput & { kind: 'tiff' | 'jpeg' | 'png'; limits?: Partial<SourceLimits> },
): Promise<PageSource> {
  const limits = resolveLimits(input.limits);
  const source = openByteSource(input);
  try {
    if (source.size === 0) {
      throw new ProcessingError({ code: 'source.empty' });
    }
    return input.kind === 'tiff'
      ? await openTiff(source, limits, input)
      : openSingle(source, input.kind, limits);
  } catch (error) {
    source.close();
    throw error;
  }
}

function openSingle(source: ByteSource, kind: 'jpeg' | 'png', limits: SourceLimits): PageSource {
  const header = kind === 'jpeg' ? readJpegHeader(source) : readPngHeader(source);
  if (!header || header.width <= 0 || header.height <= 0) {
    throw new ProcessingError({
      code: 'source.corrupt',
      details: { reason: `${kind} header unreadable` },
    });
  }
  checkPixels(header.width, header.height, limits, 0);
  if (header.truncated) {
    throw new ProcessingError({
      code: 'source.truncated',
      details: { reason: `${kind} data ends early` },
    });
  }
  const readPage = withOwnedBytes(async ({ index }: { index: number }): Promise<SourcePage> => {
    checkIndex(index, 1);
    return {
      index,
      image: {
        bytes: readAll(source),
        format: kind,
        widthPx: header.width,
        heightPx: header.height,
        dpi: plausibleDpi(header.density),
      },
      textLayer: null,
    };
  });
  return {
    kind,
    pageCount: 1,
    readPage,
    pages: pagesOf({ pageCount: 1, readPage }),
    close: async () => source.close(),
  };
}

async function openTiff(
  source: ByteSource,
  limits: SourceLimits,
  input: SourceInput,
): Promise<PageSource> {
  const tiff = readTiff(source);
  if (tiff === null) {
    return openTiffWithSharp(source, limits, input);
  }
  if (tiff.truncated) {
    throw new ProcessingError({
      code: 'source.truncated',
      details: { reason: 'TIFF directory beyond the end of the file' },
    });
  }
  const ifds = tiff.pages;
  const pages = ifds.filter((page) => !page.reduced || ifds.length === 1);
  if (pages.length === 0) {
    throw new ProcessingError({
      code: 'source.corrupt',
      details: { reason: 'TIFF without images' },
    });
  }
  pages.forEach((page, index) => {
    checkPixels(page.width, page.height, limits, index);
    const end = page.stripOffsets.reduce(
      (max, offset, i) => Math.max(max, offset + (page.stripByteCounts[i] ?? 0)),
      0,
    );
    if (page.width <= 0 || page.height <= 0 || page.stripOffsets.length === 0) {
      throw new ProcessingError({
        code: 'source.corrupt',
        details: { index, reason: 'TIFF image without size or data' },
      });
    }
    if (end > source.size) {
      throw new ProcessingError({
        code: 'source.truncated',
        details: { index, reason: 'TIFF strips beyond the end of the file' },
      });
    }
  });
  const readPage = withOwnedBytes(async ({ index }: { index: number }): Promise<SourcePage> => {
    checkIndex(index, pages.length);
    const page = pages[index]!;
    const image = await tiffPageImage({ source, page, whole: ifds.length === 1, input, limits });
    return {
      index,
      image: { ...image, widthPx: page.width, heightPx: page.height, dpi: plausibleDpi(page.dpi) },
      textLayer: null,
    };
  });
  return {
    kind: 'tiff',
    pageCount: pages.length,
    readPage,
    pages: pagesOf({ pageCount: pages.length, readPage }),
    close: async () => source.close(),
  };
}

async function tiffPageImage({
  source,
  page,
  whole,
  input,
  limits,
}: {
  source: ByteSource;
  page: TiffPage;
  whole: boolean;
  input: SourceInput;
  limits: SourceLimits;
}): Promise<{ bytes: Uint8Array; format: 'tiff' | 'jpeg' | 'png' }> {
  const bilevel = page.bitsPerSample === 1 && page.samplesPerPixel === 1 && page.photometric <= 1;
  if (bilevel && page.compression === 4 && !page.tiled) {
    if (whole) {
      return { bytes: readAll(source), format: 'tiff' };
    }
    const strips = page.stripOffsets.map((offset, i) =>
      source.read(offset, page.stripByteCounts[i] ?? 0),
    );
    const bytes = writeCcittTiff({
      width: page.width,
      height: page.height,
      compression: 4,
      photometric: page.photometric as 0 | 1,
      fillOrder: page.fillOrder,
      t6Options: page.t6Options,
      rowsPerStrip: page.rowsPerStrip,
      strips,
      dpi: page.dpi,
    });
    return { bytes, format: 'tiff' };
  }
  const single =
    page.compression === 7 && !page.tiled && page.stripOffsets.length === 1
      ? standaloneJpeg(source, page)
      : null;
  if (single) {
    return { bytes: single, format: 'jpeg' };
  }
  const decoded = sharp(input.bytes ?? input.path, {
    page: page.ifdIndex,
    limitInputPixels: limits.maxPixels,
  });
  const withDpi = page.dpi ? decoded.withDensity(page.dpi) : decoded;
  if (bilevel) {
    return {
      bytes: await withDpi
        .toColourspace('b-w')
        .tiff({ compression: 'ccittfax4', bitdepth: 1 })
        .toBuffer(),
      format: 'tiff',
    };
  }
  if (page.compression === 7 || page.compression === 6) {
    return { bytes: await withDpi.jpeg({ quality: 92 }).toBuffer(), format: 'jpeg' };
  }
  return { bytes: await withDpi.png({ compressionLevel: 4 }).toBuffer(), format: 'png' };
}

/**
 * A JPEG-compressed TIFF strip is a JPEG stream whose tables may sit in the JPEGTables tag: joining
 * the two (tables without EOI + strip without SOI) gives a standalone JPEG, no pixel touched.
 * Only for YCbCr and greyscale, whose colour transform a plain JPEG decoder assumes.
 */
function standaloneJpeg(source: ByteSource, page: TiffPage): Uint8Array | null {
  if (!(page.photometric === 6 || (page.samplesPerPixel === 1 && page.photometric === 1))) {
    return null;
  }
  const strip = source.read(page.stripOffsets[0]!, page.stripByteCounts[0] ?? 0);
  if (strip[0] !== 0xff || strip[1] !== 0xd8) {
    return null;
  }
  if (!page.jpegTables) {
    return strip;
  }
  const tables = source.read(page.jpegTables.offset, page.jpegTables.length);
  const body =
    tables[tables.byteLength - 2] === 0xff && tables[tables.byteLength - 1] === 0xd9
      ? tables.subarray(0, -2)
      : tables;
  const out = new Uint8Array(body.byteLength + strip.byteLength - 2);
  out.set(body);
  out.set(strip.subarray(2), body.byteLength);
  return out;
}

/** BigTIFF and oddities our tag reader does not handle: sharp reads them (header first). */
async function openTiffWithSharp(
  source: ByteSource,
  limits: SourceLimits,
  input: SourceInput,
): Promise<PageSource> {
  const file = input.bytes ?? input.path;
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ProcessingError({
      code: 'source.corrupt',
      cause: error,
      details: { reason: 'TIFF unreadable' },
    });
  }
  const pageCount = meta.pages ?? 1;
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  checkPixels(width, height, limits, 0);
  const readPage = withOwnedBytes(async ({ index }: { index: number }): Promise<SourcePage> => {
    checkIndex(index, pageCount);
    const page = sharp(file, { page: index, limitInputPixels: limits.maxPixels });
    const { data, info } = await page
      .png({ compressionLevel: 4 })
      .toBuffer({ resolveWithObject: true });
    return {
      index,
      image: {
        bytes: data,
        format: 'png',
        widthPx: info.width,
        heightPx: info.height,
        dpi: plausibleDpi(meta.density ?? null),
      },
      textLayer: null,
    };
  });
  return {
    kind: 'tiff',
    pageCount,
    readPage,
    pages: pagesOf({ pageCount, readPage }),
    close: async () => source.close(),
  };
}

function checkPixels(width: number, height: number, limits: SourceLimits, index: number): void {
  if (width * height > limits.maxPixels) {
    throw new ProcessingError({
      code: 'source.too_many_pixels',
      details: { index, width, height, maxPixels: limits.maxPixels },
    });
  }
}
