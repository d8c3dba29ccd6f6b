import type { ByteSource } from './byte-source.ts';

/** What a reader needs to know about one image (IFD) of a TIFF, read from tags only. */
export interface TiffPage {
  /** Position in the IFD chain (sharp's `page` option). */
  ifdIndex: number;
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  /** 1 none, 3 G3, 4 G4, 5 LZW, 6 old JPEG, 7 JPEG, 8/32946 Deflate, 32773 PackBits… */
  compression: number;
  /** 0 WhiteIsZero, 1 BlackIsZero, 2 RGB, 3 palette, 5 CMYK, 6 YCbCr. */
  photometric: number;
  fillOrder: number;
  tiled: boolean;
  stripOffsets: number[];
  stripByteCounts: number[];
  rowsPerStrip: number;
  t4Options: number;
  t6Options: number;
  /** Horizontal resolution in dots per inch, null when absent or unitless. */
  dpi: number | null;
  jpegTables: { offset: number; length: number } | null;
  /** NewSubfileType bit 0: a reduced-resolution copy (thumbnail), not a page. */
  reduced: boolean;
}

const MAX_IFDS = 100_000;
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

/**
 * Reads the IFD chain of a classic TIFF (also the EXIF block of a JPEG). Returns null for BigTIFF or
 * anything unparseable, so the caller can fall back to sharp.
 */
export function readTiffPages(
  source: ByteSource,
  options: { base?: number; maxIfds?: number } = {},
): TiffPage[] | null {
  return readTiff(source, options)?.pages ?? null;
}

/** The pages, and whether the IFD chain points past the end of the data (a cut file). */
export function readTiff(
  source: ByteSource,
  { base = 0, maxIfds = MAX_IFDS }: { base?: number; maxIfds?: number } = {},
): { pages: TiffPage[]; truncated: boolean } | null {
  const header = source.read(base, 8);
  if (header.byteLength < 8) {
    return null;
  }
  const little = header[0] === 0x49;
  const view = (bytes: Uint8Array) =>
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (dv: DataView, at: number) => dv.getUint16(at, little);
  const u32 = (dv: DataView, at: number) => dv.getUint32(at, little);
  if (u16(view(header), 2) !== 42) {
    return null;
  }
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  let next = u32(view(header), 4);
  let truncated = false;
  while (next !== 0 && pages.length < maxIfds) {
    if (seen.has(next)) {
      break;
    }
    if (next + 2 > source.size - base) {
      truncated = true;
      break;
    }
    seen.add(next);
    const countBytes = source.read(base + next, 2);
    if (countBytes.byteLength < 2) {
      return null;
    }
    const count = u16(view(countBytes), 0);
    const ifd = source.read(base + next + 2, count * 12 + 4);
    if (ifd.byteLength < count * 12) {
      truncated = true;
      break;
    }
    const dv = view(ifd);
    const tags = new Map<
      number,
      { type: number; count: number; values: () => number[]; offset: number }
    >();
    for (let i = 0; i < count; i += 1) {
      const at = i * 12;
      const tag = u16(dv, at);
      const type = u16(dv, at + 2);
      const n = u32(dv, at + 4);
      const size = (TYPE_SIZES[type] ?? 1) * n;
      const offset = size <= 4 ? base + next + 2 + at + 8 : base + u32(dv, at + 8);
      tags.set(tag, {
        type,
        count: n,
        offset,
        values: () => readValues(source, offset, type, Math.min(n, 1_000_000), little),
      });
    }
    const one = (tag: number, fallback: number) => tags.get(tag)?.values()[0] ?? fallback;
    const width = one(256, 0);
    const height = one(257, 0);
    const unit = one(296, 2);
    const xres = one(282, 0);
    const tables = tags.get(347);
    pages.push({
      ifdIndex: pages.length,
      width,
      height,
      bitsPerSample: one(258, 1),
      samplesPerPixel: one(277, 1),
      compression: one(259, 1),
      photometric: one(262, 0),
      fillOrder: one(266, 1),
      tiled: tags.has(322),
      stripOffsets: tags.get(273)?.values() ?? tags.get(324)?.values() ?? [],
      stripByteCounts: tags.get(279)?.values() ?? tags.get(325)?.values() ?? [],
      rowsPerStrip: Math.min(one(278, height), height),
      t4Options: one(292, 0),
      t6Options: one(293, 0),
      dpi: xres > 0 && (unit === 2 || unit === 3) ? (unit === 3 ? xres * 2.54 : xres) : null,
      jpegTables: tables ? { offset: tables.offset, length: tables.count } : null,
      reduced: (one(254, 0) & 1) === 1,
    });
    const nextBytes = ifd.subarray(count * 12, count * 12 + 4);
    next = nextBytes.byteLength === 4 ? u32(view(nextBytes), 0) : 0;
  }
  return { pages, truncated };
}

function readValues(
  source: ByteSource,
  offset: number,
  type: number,
  count: number,
  little: boolean,
): number[] {
  const size = TYPE_SIZES[type] ?? 1;
  const bytes = source.read(offset, size * count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let i = 0; (i + 1) * size <= bytes.byteLength; i += 1) {
    const at = i * size;
    switch (type) {
      case 3:
        values.push(dv.getUint16(at, little));
        break;
      case 4:
        values.push(dv.getUint32(at, little));
        break;
      case 5:
        values.push(dv.getUint32(at, little) / (dv.getUint32(at + 4, little) || 1));
        break;
      default:
        values.push(bytes[at]!);
    }
  }
  return values;
}

export interface TiffStripImage {
  width: number;
  height: number;
  /** 3 CCITT T.4 (G3), 4 CCITT T.6 (G4). */
  compression: 3 | 4;
  /** 0 WhiteIsZero (the usual for fax), 1 BlackIsZero. */
  photometric: 0 | 1;
  fillOrder?: number;
  t4Options?: number;
  t6Options?: number;
  rowsPerStrip: number;
  strips: Uint8Array[];
  dpi: number | null;
}

/**
 * Writes a single-image, little-endian, bilevel TIFF around already-encoded CCITT strips: how a
 * G4 page leaves a PDF or a multi-page TIFF without being decoded (sharp and tesseract read it).
 */
export function writeCcittTiff(image: TiffStripImage): Uint8Array {
  const entries: Array<[tag: number, type: number, values: number[]]> = [
    [256, 4, [image.width]],
    [257, 4, [image.height]],
    [258, 3, [1]],
    [259, 3, [image.compression]],
    [262, 3, [image.photometric]],
    [266, 3, [image.fillOrder ?? 1]],
    [273, 4, []],
    [277, 3, [1]],
    [278, 4, [image.rowsPerStrip]],
    [279, 4, image.strips.map((s) => s.byteLength)],
  ];
  if (image.dpi) {
    entries.push([282, 5, [image.dpi]], [283, 5, [image.dpi]]);
  }
  entries.push(
    image.compression === 3 ? [292, 4, [image.t4Options ?? 0]] : [293, 4, [image.t6Options ?? 0]],
  );
  if (image.dpi) {
    entries.push([296, 3, [2]]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const ifdSize = 2 + entries.length * 12 + 4;
  let extraSize = 0;
  const stripCount = image.strips.length;
  for (const [tag, type, values] of entries) {
    const n = tag === 273 ? stripCount : values.length;
    const size = (type === 5 ? 8 : type === 3 ? 2 : 4) * n;
    extraSize += size > 4 ? size : 0;
  }
  const dataStart = 8 + ifdSize + extraSize;
  const total = dataStart + image.strips.reduce((sum, s) => sum + s.byteLength, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, entries.length, true);
  let extra = 8 + ifdSize;
  const stripOffsets: number[] = [];
  let at = dataStart;
  for (const strip of image.strips) {
    stripOffsets.push(at);
    out.set(strip, at);
    at += strip.byteLength;
  }
  entries.forEach(([tag, type, rawValues], i) => {
    const values = tag === 273 ? stripOffsets : rawValues;
    const unit = type === 5 ? 8 : type === 3 ? 2 : 4;
    const entry = 10 + i * 12;
    dv.setUint16(entry, tag, true);
    dv.setUint16(entry + 2, type, true);
    dv.setUint32(entry + 4, values.length, true);
    const inline = unit * values.length <= 4;
    let pos = inline ? entry + 8 : extra;
    if (!inline) {
      dv.setUint32(entry + 8, extra, true);
      extra += unit * values.length;
    }
    for (const value of values) {
      if (type === 3) {
        dv.setUint16(pos, value, true);
      } else if (type === 5) {
        dv.setUint32(pos, Math.round(value * 100), true);
        dv.setUint32(pos + 4, 100, true);
      } else {
        dv.setUint32(pos, value, true);
      }
      pos += unit;
    }
  });
  return out;
}
