import { ProcessingError } from '../errors.ts';
import type { SourceKind } from '../types.ts';

const EXTENSION_KINDS: Record<string, SourceKind> = {
  pdf: 'pdf',
  tif: 'tiff',
  tiff: 'tiff',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  png: 'png',
  zip: 'zip',
};

/** ZIP containers that are documents, not folders of scans: refused instead of opened as a ZIP. */
const ZIP_BASED_DOCUMENTS = new Set([
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'epub',
  'jar',
  'apk',
]);

/** Kind named by the file name's extension, or null. */
export function kindFromFileName(fileName: string): SourceKind | null {
  return EXTENSION_KINDS[extensionOf(fileName)] ?? null;
}

/** The lower-case extension of a file name or path, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Identifies a source by its magic bytes. The content decides, not the name: a PNG named `.pdf` is
 * accepted as a PNG (the samples' manifest allows "reject-or-sniff"; a clerk's renamed scan is still
 * a good scan), and `extensionKind` tells the caller the name disagreed so it can warn. A file whose
 * content is no supported type is refused whatever its name (`source.unsupported_type`).
 *
 * @param head the first bytes of the file (≥ 16; up to 1024 lets a PDF header after junk be found)
 * @example
 * const { kind } = sniffSource({ head, fileName: 'tap_01.pdf', sizeBytes }); // 'pdf'
 */
export function sniffSource({
  head,
  fileName,
  sizeBytes,
}: {
  head: Uint8Array;
  fileName: string;
  sizeBytes: number;
}): { kind: SourceKind; extensionKind: SourceKind | null } {
  if (sizeBytes === 0 || head.byteLength === 0) {
    throw new ProcessingError({ code: 'source.empty', details: { fileName } });
  }
  const extensionKind = kindFromFileName(fileName);
  const kind = kindFromMagic(head);
  if (kind === null || (kind === 'zip' && ZIP_BASED_DOCUMENTS.has(extensionOf(fileName)))) {
    throw new ProcessingError({
      code: 'source.unsupported_type',
      details: { fileName, detected: describeUnsupported(head) },
    });
  }
  return { kind, extensionKind };
}

/** The supported kind the first bytes announce, or null. */
export function kindFromMagic(head: Uint8Array): SourceKind | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) {
    return 'jpeg';
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'png';
  }
  // Classic TIFF (42) and BigTIFF (43), both byte orders.
  if (
    (b(0) === 0x49 && b(1) === 0x49 && (b(2) === 42 || b(2) === 43) && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && (b(3) === 42 || b(3) === 43))
  ) {
    return 'tiff';
  }
  // Local file header, empty archive, spanned archive.
  if (
    b(0) === 0x50 &&
    b(1) === 0x4b &&
    ((b(2) === 3 && b(3) === 4) || (b(2) === 5 && b(3) === 6) || (b(2) === 7 && b(3) === 8))
  ) {
    return 'zip';
  }
  // Readers accept "%PDF-" anywhere in the first 1024 bytes (ISO 32000-2 annex I note).
  if (indexOfAscii(head.subarray(0, 1024), '%PDF-') >= 0) {
    return 'pdf';
  }
  return null;
}

function describeUnsupported(head: Uint8Array): string {
  const ascii = String.fromCharCode(...head.subarray(0, 12));
  if (ascii.startsWith('GIF8')) {
    return 'gif';
  }
  if (ascii.startsWith('BM')) {
    return 'bmp';
  }
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') {
    return 'webp';
  }
  if (ascii.slice(4, 8) === 'ftyp') {
    return 'heif-or-mp4';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return 'ms-office-legacy';
  }
  if (startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50])) {
    return 'jpeg2000';
  }
  return looksLikeText(head) ? 'text' : 'unknown';
}

function looksLikeText(head: Uint8Array): boolean {
  try {
    // stream: a character cut at the end of the head is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, 512), { stream: true });
  } catch {
    return false;
  }
  return !head.subarray(0, 512).includes(0);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, i) => bytes[i] === value);
}

/** Position of an ASCII `needle` in `bytes` from `from`, or -1. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  const last = bytes.byteLength - needle.length;
  outer: for (
    let i = bytes.indexOf(first, from);
    i >= 0 && i <= last;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j += 1) {
      if (bytes[i + j] !== needle.charCodeAt(j)) {
        continue outer;
      }
    }
    return i;
  }
  return -1;
}
