import type { ExhibitMediaContentType } from '@sohoa/contracts';

/**
 * The content type of an uploaded exhibit file, from its first bytes — never from the name or the
 * declared type, which a browser derives from the extension. Returns null for anything else.
 *
 * @example sniffExhibitMedia(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 */
export function sniffExhibitMedia(head: Uint8Array): ExhibitMediaContentType | null {
  const at = (i: number) => head[i] ?? -1;
  const ascii = (from: number, text: string) =>
    [...text].every((ch, i) => at(from + i) === ch.charCodeAt(0));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) {
    return 'image/jpeg';
  }
  if (ascii(0, '\x89PNG\r\n\x1a\n')) {
    return 'image/png';
  }
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    return 'image/webp';
  }
  // ISO BMFF: a box of type 'ftyp' first; MP4 brands (isom, mp41/42, avc1, M4V …).
  if (ascii(4, 'ftyp')) {
    return 'video/mp4';
  }
  // Matroska/WebM: the EBML magic.
  if (at(0) === 0x1a && at(1) === 0x45 && at(2) === 0xdf && at(3) === 0xa3) {
    return 'video/webm';
  }
  return null;
}
