import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ProcessingError } from '../errors.ts';
import { writeNewFile } from '../files/partial-file.ts';
import { resolveLimits, type SourceLimits } from './limits.ts';
import { isJunkName, naturalCompare } from './natural-sort.ts';
import { extensionOf, kindFromFileName } from './sniff.ts';

export interface ZipEntryFile {
  /** Path inside the ZIP (NFC, `/`-separated), as the clerk named it. */
  name: string;
  /** Where it was written: `outDir/000001.jpg`… in natural order of `name`. */
  path: string;
  sizeBytes: number;
}

export interface ZipSkipped {
  name: string;
  reason: 'nested_zip' | 'unsupported';
}

/**
 * Extracts the scans (PDF, TIFF, JPEG, PNG by extension) of a ZIP into `outDir`, streaming. The whole
 * ZIP is refused, and anything already written removed, when:
 * - an entry path is absolute, contains `..` (also written with backslashes) or is a symbolic link
 *   (`source.zip_unsafe_path`);
 * - it looks like a bomb: inflated bytes (counted as they come, not as declared) over
 *   limits.maxZipTotalBytes, an entry inflating over limits.maxZipEntryRatio (once past
 *   limits.zipRatioMinBytes), entries overlapping each other, or too many entries
 *   (`source.zip_bomb`);
 * - a scan is encrypted (`source.zip_encrypted`) or compressed with a method other than
 *   Store/Deflate (`source.zip_unsupported`); the archive is unreadable (`source.corrupt`);
 * - no scan is left (`source.zip_empty`).
 * Folders and OS junk (`__MACOSX/`, `.DS_Store`, `Thumbs.db`) are ignored; nested ZIPs and other
 * files are listed in `skipped`, not expanded. Files are written under numbered names (no name from
 * the archive touches the file system) and returned in natural order of their path.
 */
export async function expandZip({
  path: zipPath,
  outDir,
  limits: partialLimits,
}: {
  path: string;
  outDir: string;
  limits?: Partial<SourceLimits>;
}): Promise<{ entries: ZipEntryFile[]; skipped: ZipSkipped[] }> {
  const limits = resolveLimits(partialLimits);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw new ProcessingError({
      code: 'source.corrupt',
      cause: error,
      details: { reason: (error as Error).message },
    });
  }
  const written: string[] = [];
  const createdDir = !(await stat(outDir).catch(() => null));
  try {
    if (zip.entryCount > limits.maxZipEntries) {
      throw bomb({ reason: 'too many entries', entries: zip.entryCount });
    }
    const { planned, skipped } = await planEntries(zip, limits);
    planned.sort((a, b) => naturalCompare(a.name, b.name));
    await mkdir(outDir, { recursive: true });
    const entries: ZipEntryFile[] = [];
    let total = 0;
    for (const [i, item] of planned.entries()) {
      const target = path.join(
        outDir,
        `${String(i + 1).padStart(6, '0')}.${extensionOf(item.name)}`,
      );
      written.push(target);
      const sizeBytes = await extractEntry({
        zip,
        entry: item.entry,
        target,
        limits,
        totalBefore: total,
        name: item.name,
      });
      total += sizeBytes;
      entries.push({ name: item.name, path: target, sizeBytes });
    }
    return { entries, skipped };
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    if (createdDir) {
      await rm(outDir, { recursive: true, force: true });
    }
    throw error instanceof ProcessingError
      ? error
      : new ProcessingError({
          code: 'source.corrupt',
          cause: error,
          details: { reason: (error as Error).message },
        });
  } finally {
    zip.close();
  }
}

async function planEntries(zip: yauzl.ZipFile, limits: SourceLimits) {
  const planned: Array<{ entry: yauzl.Entry; name: string }> = [];
  const skipped: ZipSkipped[] = [];
  let declared = 0;
  let compressed = 0;
  for await (const entry of zip.eachEntry()) {
    const name = entryName(entry);
    const unsafe = unsafeReason(name, entry);
    if (unsafe) {
      throw new ProcessingError({
        code: 'source.zip_unsafe_path',
        details: { name, reason: unsafe },
      });
    }
    compressed += entry.compressedSize;
    const segments = name.split('/').filter(Boolean);
    if (name.endsWith('/') || segments.some((segment) => isJunkName(segment))) {
      continue;
    }
    const kind = kindFromFileName(name);
    if (kind === 'zip' || kind === null) {
      skipped.push({ name, reason: kind === 'zip' ? 'nested_zip' : 'unsupported' });
      continue;
    }
    if (entry.isEncrypted()) {
      throw new ProcessingError({ code: 'source.zip_encrypted', details: { name } });
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new ProcessingError({
        code: 'source.zip_unsupported',
        details: { name, method: entry.compressionMethod },
      });
    }
    declared += entry.uncompressedSize;
    planned.push({ entry, name });
  }
  // Entries that share their data (the overlapping-files bomb) add up to more than the archive.
  if (compressed > zip.fileSize) {
    throw bomb({ reason: 'entries overlap', compressed, fileSize: zip.fileSize });
  }
  if (declared > limits.maxZipTotalBytes) {
    throw bomb({ reason: 'declared size over the limit', declared });
  }
  if (planned.length === 0) {
    throw new ProcessingError({ code: 'source.zip_empty', details: { skipped: skipped.length } });
  }
  return { planned, skipped };
}

async function extractEntry({
  zip,
  entry,
  target,
  limits,
  totalBefore,
  name,
}: {
  zip: yauzl.ZipFile;
  entry: yauzl.Entry;
  target: string;
  limits: SourceLimits;
  totalBefore: number;
  name: string;
}): Promise<number> {
  let count = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count += chunk.byteLength;
      if (totalBefore + count > limits.maxZipTotalBytes) {
        callback(
          bomb({ name, reason: 'inflated size over the limit', inflated: totalBefore + count }),
        );
      } else if (
        count > limits.zipRatioMinBytes &&
        count / Math.max(entry.compressedSize, 1) > limits.maxZipEntryRatio
      ) {
        callback(
          bomb({
            name,
            reason: 'compression ratio over the limit',
            inflated: count,
            compressed: entry.compressedSize,
          }),
        );
      } else {
        callback(null, chunk);
      }
    },
  });
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new ProcessingError({
      code: 'source.corrupt',
      cause: error,
      details: { name, reason: (error as Error).message },
    });
  }
  try {
    await writeNewFile({
      path: target,
      flags: 'wx',
      write: (output) => pipeline(stream, meter, output),
    });
  } catch (error) {
    if (error instanceof ProcessingError) {
      throw error;
    }
    // yauzl checks the inflated bytes against the declared size: inflating past it is a lie.
    const message = (error as Error).message;
    throw /too many bytes/.test(message)
      ? bomb({ name, reason: 'inflates past its declared size' })
      : new ProcessingError({
          code: 'source.corrupt',
          cause: error,
          details: { name, reason: message },
        });
  }
  return count;
}

/** The entry name: UTF-8 when flagged or valid (macOS, 7-Zip), else CP437 (old Windows); NFC. */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  const flagged = (entry.generalPurposeBitFlag & 0x800) !== 0;
  const hasUnicodeField = entry.extraFields.some((field) => field.id === 0x7075);
  let name: string;
  if (!flagged && !hasUnicodeField && isValidUtf8(raw)) {
    name = raw.toString('utf8');
  } else {
    name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  }
  // Old Windows tools write `folder\file.jpg`: a separator, so `..\x` is caught as traversal.
  return name.replace(/\\/g, '/').normalize('NFC');
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function unsafeReason(name: string, entry: yauzl.Entry): string | null {
  const normalized = name;
  if (normalized.includes('\0')) {
    return 'NUL in name';
  }
  if (normalized.startsWith('/') || /^[a-zA-Z]:/.test(normalized)) {
    return 'absolute path';
  }
  if (normalized.split('/').includes('..')) {
    return 'parent directory (..)';
  }
  // Unix "made by" (3) and Mac OS X (19) keep the mode in the high 16 bits.
  const madeBy = entry.versionMadeBy >> 8;
  if (
    (madeBy === 3 || madeBy === 19) &&
    ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK
  ) {
    return 'symbolic link';
  }
  return null;
}

function bomb(details: Record<string, unknown>): ProcessingError {
  return new ProcessingError({ code: 'source.zip_bomb', details });
}
