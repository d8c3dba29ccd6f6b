import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { readManifest } from './transfer.checks.ts';
import { openPackageZip } from './transfer.zip.ts';

/** The checked manifest of a package file. */
export async function readPackageManifest(zipPath: string) {
  const zip = await openPackageZip({ zipPath });
  try {
    return (await readManifest({ zip })).manifest;
  } finally {
    zip.close();
  }
}

/** Every entry of a package, as bytes (test packages are small). */
export async function readPackageEntries(zipPath: string) {
  const zip = await openPackageZip({ zipPath });
  const entries = new Map<string, Buffer>();
  try {
    for (const name of zip.entries.keys()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.open(name)) {
        chunks.push(chunk as Buffer);
      }
      entries.set(name, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

/**
 * Writes a copy of a package with entries changed (`edit` returns new bytes, or null to drop the
 * entry) and extra entries added: how the tests forge tampered packages.
 */
export async function rewritePackage({
  from,
  to,
  edit = (_name, bytes) => bytes,
  add = [],
}: {
  from: string;
  to: string;
  edit?: (name: string, bytes: Buffer) => Buffer | null;
  add?: Array<{ name: string; bytes: Buffer }>;
}) {
  const entries = await readPackageEntries(from);
  const zip = new ZipFile();
  for (const [name, bytes] of entries) {
    const next = edit(name, bytes);
    if (next) {
      zip.addBuffer(next, name);
    }
  }
  for (const extra of add) {
    zip.addBuffer(extra.bytes, extra.name);
  }
  zip.end();
  await pipeline(zip.outputStream as unknown as Readable, createWriteStream(to));
}

/**
 * Renames an entry in place by patching the ZIP's bytes (local header and central directory), to
 * build names no ZIP writer would produce (`../evil`). Both names must have the same length.
 */
export async function patchEntryName({
  path,
  from,
  to,
}: {
  path: string;
  from: string;
  to: string;
}) {
  if (from.length !== to.length) {
    throw new Error('names must have the same length');
  }
  const bytes = await readFile(path);
  const needle = Buffer.from(from);
  let at = bytes.indexOf(needle);
  let patched = 0;
  while (at !== -1) {
    Buffer.from(to).copy(bytes, at);
    patched++;
    at = bytes.indexOf(needle, at + 1);
  }
  if (patched === 0) {
    throw new Error(`entry ${from} not found`);
  }
  await writeFile(path, bytes);
}
