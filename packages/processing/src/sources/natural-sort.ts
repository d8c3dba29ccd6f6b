import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindFromFileName } from './sniff.ts';

// Vietnamese collation (đ after d, ơ after ô…), digits compared as numbers, case and accents ignored
// at first; ties are then broken by case/accent and finally by code points so the order is total.
const primary = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
const secondary = new Intl.Collator('vi', { numeric: true, sensitivity: 'variant' });

/**
 * Compares two file names or `/`-separated paths the way a clerk reads a folder of scans:
 * `scan_2.jpg` < `scan_10.jpg`, `Trang 3` = `trang 3` first, Vietnamese letters in Vietnamese order.
 * Paths compare folder by folder, so `tap_2/…` all come before `tap_10/…`.
 * Names are NFC-normalised first (macOS writes NFD names).
 */
export function naturalCompare(a: string, b: string): number {
  const as = a.normalize('NFC').split('/');
  const bs = b.normalize('NFC').split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i += 1) {
    const x = as[i] ?? '';
    const y = bs[i] ?? '';
    const order = primary.compare(x, y) || secondary.compare(x, y) || codePointOrder(x, y);
    if (order !== 0) {
      return order;
    }
  }
  return as.length - bs.length;
}

/** A sorted copy of `items` by natural order of `key(item)`. */
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => naturalCompare(key(a), key(b)));
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const JUNK_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db']);

/** OS litter that travels with folders and ZIPs (Finder, Explorer, macOS resource forks). */
export function isJunkName(name: string): boolean {
  const lower = name.toLowerCase();
  return JUNK_NAMES.has(lower) || lower.startsWith('._') || lower === '__macosx';
}

/**
 * The supported files (PDF, TIFF, JPEG, PNG, ZIP by extension) directly inside `dir`, in natural
 * order: a folder of page images named `scan_1.jpg` … `scan_120.jpg` becomes pages in that order.
 *
 * Only ONE level is listed, by decision: a scanning station writes one folder per volume, and
 * descending into sub-folders would silently mix in backups or other volumes. Hidden files,
 * OS junk, symbolic links and sub-folders are ignored. Content is not sniffed here (the caller
 * sniffs each file when it reads it).
 */
export async function listSourceFiles({
  dir,
}: {
  dir: string;
}): Promise<{ files: Array<{ name: string; path: string; sizeBytes: number }> }> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const files: Array<{ name: string; path: string; sizeBytes: number }> = [];
  for (const dirent of dirents) {
    const name = dirent.name.normalize('NFC');
    if (
      !dirent.isFile() ||
      name.startsWith('.') ||
      isJunkName(name) ||
      kindFromFileName(name) === null
    ) {
      continue;
    }
    const filePath = path.join(dir, dirent.name);
    files.push({ name, path: filePath, sizeBytes: (await stat(filePath)).size });
  }
  return { files: sortNatural(files, (file) => file.name) };
}
