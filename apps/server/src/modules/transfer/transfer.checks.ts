import {
  createEntryMismatchError,
  createEntryMissingError,
  createManifestInvalidError,
  createManifestTamperedError,
  createUnsafeEntryError,
  createUnsupportedFormatError,
  createUnsupportedVersionError,
} from './transfer.errors.ts';
import {
  BLOB_ENTRY,
  EXTRA_ENTRY,
  isManifestIntact,
  MANIFEST_ENTRY,
  manifestSchema,
  PACKAGE_FORMAT,
  PAGES_ENTRY,
  type Manifest,
} from './transfer.manifest.ts';
import type { PackageZip } from './transfer.zip.ts';

/** A manifest larger than this is not one we wrote (pages live in pages.jsonl). */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

const kindOfName = (name: string) =>
  name === MANIFEST_ENTRY
    ? 'manifest'
    : name === PAGES_ENTRY
      ? 'pages'
      : BLOB_ENTRY.test(name)
        ? 'blob'
        : EXTRA_ENTRY.test(name)
          ? 'extra'
          : null;

/**
 * Only the names a package can hold: manifest.json, pages.jsonl, blobs/<sha256> and plain
 * top-level file names. Anything else (folders, `..`, absolute paths, hidden files) is refused
 * before a byte of content is read.
 */
export function checkEntryNames({ names }: { names: string[] }) {
  for (const name of names) {
    if (kindOfName(name) === null) {
      throw createUnsafeEntryError({ entry: name, problem: 'unexpected name' });
    }
  }
  if (!names.includes(MANIFEST_ENTRY)) {
    throw createUnsupportedFormatError({ entry: MANIFEST_ENTRY, problem: 'missing' });
  }
}

/** Reads and checks manifest.json: JSON, format and version, its own checksum, then its shape. */
export async function readManifest({ zip }: { zip: PackageZip }): Promise<{ manifest: Manifest }> {
  const entry = zip.entries.get(MANIFEST_ENTRY)!;
  if (entry.uncompressedSize > MAX_MANIFEST_BYTES) {
    throw createManifestInvalidError({ entry: MANIFEST_ENTRY, problem: 'too large' });
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await zip.open(MANIFEST_ENTRY)) {
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw createEntryMismatchError({
      entry: MANIFEST_ENTRY,
      problem: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw createManifestInvalidError({ entry: MANIFEST_ENTRY, problem: 'not JSON', cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw createUnsupportedFormatError({ entry: MANIFEST_ENTRY, problem: 'not an object' });
  }
  const record = parsed as Record<string, unknown>;
  const format = typeof record.format === 'string' ? record.format : '';
  if (!format.startsWith('sohoa-package/')) {
    throw createUnsupportedFormatError({ entry: MANIFEST_ENTRY, problem: `format ${format}` });
  }
  if (format !== PACKAGE_FORMAT) {
    throw createUnsupportedVersionError({ entry: MANIFEST_ENTRY, problem: format });
  }
  if (!isManifestIntact({ parsed: record })) {
    throw createManifestTamperedError();
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw createManifestInvalidError({
      entry: MANIFEST_ENTRY,
      problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    });
  }
  return { manifest: result.data };
}

/**
 * The ZIP holds exactly what the manifest lists: no entry more (refused as unexpected), none less,
 * each of the declared kind and size (sizes from the central directory: a cheap first check before
 * the content is hashed).
 */
export function checkEntriesAgainstManifest({
  zip,
  manifest,
}: {
  zip: PackageZip;
  manifest: Manifest;
}) {
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  if (listed.size !== manifest.entries.length || listed.has(MANIFEST_ENTRY)) {
    throw createManifestInvalidError({ entry: MANIFEST_ENTRY, problem: 'entries listed twice' });
  }
  if (listed.get(PAGES_ENTRY)?.kind !== 'pages') {
    throw createManifestInvalidError({ entry: MANIFEST_ENTRY, problem: 'pages.jsonl not listed' });
  }
  for (const name of zip.entries.keys()) {
    if (name !== MANIFEST_ENTRY && !listed.has(name)) {
      throw createUnsafeEntryError({ entry: name, problem: 'not listed in the manifest' });
    }
  }
  for (const entry of manifest.entries) {
    const inZip = zip.entries.get(entry.name);
    if (!inZip) {
      throw createEntryMissingError({ entry: entry.name, problem: 'listed in the manifest' });
    }
    if (kindOfName(entry.name) !== entry.kind) {
      throw createManifestInvalidError({ entry: entry.name, problem: `not a ${entry.kind}` });
    }
    if (inZip.uncompressedSize !== entry.sizeBytes) {
      throw createEntryMismatchError({
        entry: entry.name,
        problem: `size ${inZip.uncompressedSize} ≠ ${entry.sizeBytes}`,
      });
    }
  }
}

/**
 * The first row of the manifest that names a page, document or volume the package does not hold
 * (`pageIds` from pages.jsonl), or null. sohoa always writes whole cases; a package from another
 * generator, or edited and sealed again, would otherwise fail inside the import transaction on a
 * foreign key that names no entry.
 */
export function findDanglingReference({
  manifest,
  pageIds,
}: {
  manifest: Manifest;
  pageIds: ReadonlySet<string>;
}): { entry: string; problem: string } | null {
  const volumeIds = new Set(manifest.volumes.map((v) => v.id));
  const documentIds = new Set(manifest.documents.map((d) => d.id));
  const missing = (what: string, id: string | null, known: ReadonlySet<string>) =>
    id !== null && !known.has(id) ? `${what} ${id} is not in the package` : null;
  const rows: Array<[string, Array<string | null>]> = [
    ...manifest.sources.map((s): [string, Array<string | null>] => [
      `sources/${s.id}`,
      [missing('volume', s.volumeId, volumeIds)],
    ]),
    ...manifest.documents.map((d): [string, Array<string | null>] => [
      `documents/${d.id}`,
      [missing('volume', d.volumeId, volumeIds), missing('page', d.anchorPageId, pageIds)],
    ]),
    ...manifest.annotations.map((a): [string, Array<string | null>] => [
      `annotations/${a.id}`,
      [missing('page', a.pageId, pageIds), missing('document', a.documentId, documentIds)],
    ]),
    ...manifest.exhibits.map((e): [string, Array<string | null>] => [
      `exhibits/${e.id}`,
      [missing('page', e.pageId, pageIds), missing('page', e.secondPageId, pageIds)],
    ]),
  ];
  for (const [row, problems] of rows) {
    const problem = problems.find((p) => p !== null);
    if (problem) {
      return { entry: `${MANIFEST_ENTRY}#${row}`, problem };
    }
  }
  return null;
}
