import { bytesSource, type ByteSource } from './byte-source.ts';
import { readTiffPages } from './tiff.ts';

/** Size and resolution an image file declares, read from its headers without decoding pixels. */
export interface ImageHeader {
  width: number;
  height: number;
  /** Declared horizontal resolution in dots per inch, null when absent or unitless. */
  density: number | null;
  /** The data ends before the image does (an interrupted upload or copy). */
  truncated: boolean;
}

const PNG_IEND = [0x49, 0x45, 0x4e, 0x44];

/** IHDR for the size, pHYs for the resolution, the IEND chunk for completeness. */
export function readPngHeader(source: ByteSource): ImageHeader | null {
  const head = source.read(0, 64 * 1024);
  if (head.byteLength < 24) {
    return null;
  }
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  let density: number | null = null;
  for (let at = 8; at + 8 <= head.byteLength;) {
    const length = dv.getUint32(at);
    const type = String.fromCharCode(...head.subarray(at + 4, at + 8));
    if (type === 'IDAT' || type === 'IEND') {
      break;
    }
    if (type === 'pHYs' && at + 17 <= head.byteLength && head[at + 16] === 1) {
      // pixels per metre → per inch
      density = dv.getUint32(at + 8) * 0.0254;
    }
    at += 12 + length;
  }
  const tail = source.read(Math.max(0, source.size - 64), 64);
  const truncated = !containsSequence(tail, PNG_IEND);
  return { width, height, density, truncated };
}

/** SOFn for the size, JFIF or EXIF for the resolution, and the EOI marker after the scans. */
export function readJpegHeader(source: ByteSource): ImageHeader | null {
  const bytes = source.read(0, source.size);
  let width = 0;
  let height = 0;
  let jfifDensity: number | null = null;
  let exifDensity: number | null = null;
  let at = 2;
  while (at + 2 <= bytes.byteLength) {
    if (bytes[at] !== 0xff) {
      return width > 0
        ? { width, height, density: exifDensity ?? jfifDensity, truncated: true }
        : null;
    }
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd9) {
      return width > 0
        ? { width, height, density: exifDensity ?? jfifDensity, truncated: false }
        : null;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.byteLength) {
      break;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const segment = bytes.subarray(at + 4, at + 2 + length);
    if (isSof(marker) && segment.byteLength >= 5) {
      height = (segment[1]! << 8) | segment[2]!;
      width = (segment[3]! << 8) | segment[4]!;
    } else if (
      marker === 0xe0 &&
      String.fromCharCode(...segment.subarray(0, 5)) === 'JFIF\0' &&
      segment.byteLength >= 12
    ) {
      const units = segment[7];
      const x = (segment[8]! << 8) | segment[9]!;
      jfifDensity = units === 1 ? x : units === 2 ? x * 2.54 : null;
    } else if (marker === 0xe1 && String.fromCharCode(...segment.subarray(0, 6)) === 'Exif\0\0') {
      exifDensity =
        readTiffPages(bytesSource(segment.subarray(6)), { maxIfds: 1 })?.[0]?.dpi ?? null;
    }
    at += 2 + length;
    if (marker === 0xda) {
      at = skipEntropyCodedData(bytes, at);
    }
  }
  return width > 0 ? { width, height, density: exifDensity ?? jfifDensity, truncated: true } : null;
}

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** After a scan header: the next marker that is not a stuffed 0xFF00 or a restart marker. */
function skipEntropyCodedData(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(0xff, from); i >= 0; i = bytes.indexOf(0xff, i + 1)) {
    const next = bytes[i + 1];
    if (next === undefined) {
      return bytes.byteLength;
    }
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) {
      return i;
    }
  }
  return bytes.byteLength;
}

function containsSequence(bytes: Uint8Array, sequence: number[]): boolean {
  for (let i = bytes.indexOf(sequence[0]!); i >= 0; i = bytes.indexOf(sequence[0]!, i + 1)) {
    if (sequence.every((value, k) => bytes[i + k] === value)) {
      return true;
    }
  }
  return false;
}

/**
 * The resolution to report for a scan: a declared density below 100 dpi is the default of software
 * that does not know it (72 from cameras and editors, 96 from screenshots), not a scanner setting.
 */
export function plausibleDpi(density: number | null): number | null {
  return density !== null && density >= 100 && density <= 4800 ? Math.round(density) : null;
}
