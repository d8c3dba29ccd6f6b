import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { DomainError } from '../shared/errors/errors.ts';
import { createPackageCorruptError, createUnsafeEntryError } from './transfer.errors.ts';

/** yauzl refuses these names itself (absolute, `..`, backslashes): they are unsafe, not corrupt. */
const UNSAFE_NAME = /^(invalid characters in fileName|absolute path|invalid relative path): (.*)$/s;

/** Turns a yauzl failure into a typed error naming the entry (a bad name, or a damaged ZIP). */
export function zipErrorOf({ error, entry }: { error: unknown; entry?: string }): DomainError {
  const message = error instanceof Error ? error.message : String(error);
  const unsafe = UNSAFE_NAME.exec(message);
  if (unsafe) {
    return createUnsafeEntryError({ entry: unsafe[2]!, problem: unsafe[1]!, cause: error });
  }
  return createPackageCorruptError({
    ...(entry ? { entry } : {}),
    problem: message,
    cause: error,
  });
}

export interface PackageZip {
  /** Entries by name, as listed in the central directory (nothing is read yet). */
  entries: Map<string, yauzl.Entry>;
  /** A stream of one entry's content; yauzl checks its CRC-32 and size at the end. */
  open: (name: string) => Promise<Readable>;
  close: () => void;
}

/**
 * Opens a package ZIP lazily: reads the central directory (names, sizes), never the content.
 * A truncated file or a damaged directory gives `package.corrupt`, a dangerous or repeated name
 * `package.unsafe_entry`.
 */
export async function openPackageZip({ zipPath }: { zipPath: string }): Promise<PackageZip> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      zipPath,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true },
      (error, opened) => (error ? reject(zipErrorOf({ error })) : resolve(opened)),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zipfile.on('entry', (entry: yauzl.Entry) => {
        if (entries.has(entry.fileName)) {
          reject(createUnsafeEntryError({ entry: entry.fileName, problem: 'duplicate entry' }));
          return;
        }
        entries.set(entry.fileName, entry);
        zipfile.readEntry();
      });
      zipfile.on('end', () => resolve());
      zipfile.on('error', (error: unknown) => reject(zipErrorOf({ error })));
      zipfile.readEntry();
    });
  } catch (error) {
    zipfile.close();
    throw error;
  }
  return {
    entries,
    open: (name) => {
      const entry = entries.get(name);
      if (!entry) {
        return Promise.reject(new Error(`no entry ${name}`));
      }
      return new Promise<Readable>((resolve, reject) =>
        zipfile.openReadStream(entry, (error, stream) =>
          error ? reject(zipErrorOf({ error, entry: name })) : resolve(stream),
        ),
      );
    },
    close: () => zipfile.close(),
  };
}
