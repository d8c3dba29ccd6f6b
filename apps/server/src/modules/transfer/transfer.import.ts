import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { PackageImportReport } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canCreateCaseIn } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { loadUnitTree } from '../access/access.usecases.ts';
import { relationBetween } from '../access/unit-tree.ts';
import { buildBlobKey } from '../blobs/blobs.models.ts';
import { isDomainError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createUnitNotFoundError } from '../units/units.errors.ts';
import {
  createCaseExistsError,
  createEntryMismatchError,
  createEntryMissingError,
  createManifestInvalidError,
} from './transfer.errors.ts';
import {
  readManifest,
  checkEntryNames,
  checkEntriesAgainstManifest,
  findDanglingReference,
} from './transfer.checks.ts';
import {
  blobEntryName,
  pageLineSchema,
  PAGES_ENTRY,
  type Manifest,
  type PackageEntry,
  type PageLine,
} from './transfer.manifest.ts';
import { forEachConcurrently } from './transfer.concurrency.ts';
import { compareWithManifest } from './transfer.verify.ts';
import { openPackageZip, type PackageZip } from './transfer.zip.ts';
import type { TransferDeps } from './transfer.types.ts';

const PAGE_BATCH = 200;
/** The fs blob store fsyncs every blob: a few at a time keep the disk busy (yauzl reads entries concurrently). */
const BLOB_CONCURRENCY = 4;

/**
 * Imports a transfer package into `unitId`: checks every entry name, the manifest (format,
 * version, its own checksum), streams each blob into the blob store while hashing it and refuses
 * any difference with the manifest — then writes the whole case in ONE transaction (ids kept), so
 * a refused package leaves nothing behind (blobs this import added are removed again). Finally
 * re-reads what was stored and reports any mismatch. Audited (`case.imported`).
 *
 * @example
 * const { report } = await importCasePackage({ actor, unitId, zipPath: '/tmp/case.zip', context, deps });
 */
export async function importCasePackage({
  actor,
  unitId,
  zipPath,
  context,
  deps,
}: {
  actor: Actor;
  unitId: string;
  zipPath: string;
  context: RequestContext;
  deps: TransferDeps;
}): Promise<{ report: PackageImportReport }> {
  const { tree } = await loadUnitTree(deps);
  if (!tree.parentOf.has(unitId)) {
    throw createUnitNotFoundError();
  }
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId });
  if (!canCreateCaseIn({ actor, relation })) {
    throw createForbiddenError();
  }
  const zip = await openPackageZip({ zipPath });
  const added: string[] = [];
  try {
    checkEntryNames({ names: [...zip.entries.keys()] });
    const { manifest } = await readManifest({ zip });
    checkEntriesAgainstManifest({ zip, manifest });
    if ((await deps.transferRepository.caseExists({ caseId: manifest.case.id })).exists) {
      throw createCaseExistsError();
    }
    const byName = new Map(manifest.entries.map((e) => [e.name, e]));
    const { referenced, pageIds } = await scanPages({
      zip,
      manifest,
      entry: byName.get(PAGES_ENTRY)!,
    });
    const dangling = findDanglingReference({ manifest, pageIds });
    if (dangling) {
      throw createManifestInvalidError(dangling);
    }
    for (const s of manifest.sources) {
      referenced.add(s.sha256);
    }
    for (const sha of referenced) {
      if (!byName.has(blobEntryName(sha))) {
        throw createEntryMissingError({ entry: blobEntryName(sha), problem: 'used by the case' });
      }
    }
    let alreadyStored = 0;
    await forEachConcurrently({
      items: manifest.entries.filter((e) => e.kind === 'blob'),
      concurrency: BLOB_CONCURRENCY,
      run: async (entry) => {
        const { created } = await storeBlob({ zip, entry, deps, added });
        alreadyStored += created ? 0 : 1;
      },
    });
    for (const entry of manifest.entries.filter((e) => e.kind === 'extra')) {
      await hashEntry({ zip, entry });
    }
    const { pageButLuc } = await deps.transferRepository.insertImportedCase({
      unitId,
      actorUserId: actor.userId,
      manifest,
      blobKeyOf: (sha256) => buildBlobKey({ sha256 }).key,
      pages: readPageBatches({ zip }),
    });
    added.length = 0; // the case now uses them
    const stored = await deps.transferRepository.readBack({ caseId: manifest.case.id });
    const { mismatches } = compareWithManifest({ manifest, pageButLuc, stored });
    const report: PackageImportReport = {
      caseId: manifest.case.id,
      unitId,
      title: manifest.case.title,
      origin: {
        unit: manifest.origin.unit,
        generator: manifest.generator,
        createdAt: manifest.createdAt,
      },
      counts: {
        volumes: stored.volumes,
        sources: stored.sources,
        pages: stored.pages.length,
        documents: stored.documents.length,
        edits: stored.edits,
        annotations: stored.annotations,
        maps: stored.maps,
        exhibits: stored.exhibits,
        blobs: manifest.entries.filter((e) => e.kind === 'blob').length,
        blobsAlreadyStored: alreadyStored,
      },
      extraFiles: manifest.entries
        .filter((e) => e.kind === 'extra')
        .map((e) => ({ name: e.name, sizeBytes: e.sizeBytes, sha256: e.sha256 })),
      mismatches,
    };
    await deps.auditRepository.record({
      event: {
        action: 'case.imported',
        actor,
        targetKind: 'case',
        targetId: manifest.case.id,
        caseId: manifest.case.id,
        unitId,
        context,
        details: {
          format: manifest.format,
          origin: manifest.origin.unit,
          exportedAt: manifest.createdAt,
          counts: report.counts,
          mismatches: mismatches.length,
        },
      },
    });
    return { report };
  } finally {
    zip.close();
    // A refused package leaves no blob behind that only it brought.
    for (const key of added) {
      await deps.blobStore.delete({ key }).catch(() => undefined);
    }
  }
}

/** An entry's content; a failure while inflating it means the entry was altered. */
async function openEntry({ zip, name }: { zip: PackageZip; name: string }) {
  const stream = await zip.open(name);
  return { stream };
}

const entryReadError = (entry: string, error: unknown) =>
  isDomainError(error)
    ? error
    : createEntryMismatchError({
        entry,
        problem: error instanceof Error ? error.message : String(error),
        cause: error,
      });

function checkDigest({
  entry,
  sha256,
  sizeBytes,
}: {
  entry: PackageEntry;
  sha256: string;
  sizeBytes: number;
}) {
  if (sizeBytes !== entry.sizeBytes) {
    throw createEntryMismatchError({
      entry: entry.name,
      problem: `size ${sizeBytes} ≠ ${entry.sizeBytes}`,
    });
  }
  if (sha256 !== entry.sha256) {
    throw createEntryMismatchError({ entry: entry.name, problem: 'SHA-256 differs' });
  }
}

/** Streams one blob into the store (hashed on the way) and refuses it unless it is what is named. */
async function storeBlob({
  zip,
  entry,
  deps,
  added,
}: {
  zip: PackageZip;
  entry: PackageEntry;
  deps: TransferDeps;
  added: string[];
}) {
  const { stream } = await openEntry({ zip, name: entry.name });
  let result;
  try {
    result = await deps.blobStore.put({ stream: stream as AsyncIterable<Uint8Array> });
  } catch (error) {
    throw entryReadError(entry.name, error);
  }
  if (result.created) {
    added.push(result.key);
  }
  checkDigest({ entry, sha256: result.sha256, sizeBytes: result.sizeBytes });
  if (blobEntryName(result.sha256) !== entry.name) {
    throw createEntryMismatchError({ entry: entry.name, problem: 'name is not its SHA-256' });
  }
  return { created: result.created };
}

async function hashEntry({ zip, entry }: { zip: PackageZip; entry: PackageEntry }) {
  const { stream } = await openEntry({ zip, name: entry.name });
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      sizeBytes += chunk.length;
    }
  } catch (error) {
    throw entryReadError(entry.name, error);
  }
  checkDigest({ entry, sha256: hash.digest('hex'), sizeBytes });
}

/** Reads pages.jsonl line by line, validating each line (with its line number in errors). */
async function* pageLines(stream: Readable): AsyncGenerator<PageLine> {
  let n = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw createManifestInvalidError({
        entry: `${PAGES_ENTRY}:${n}`,
        problem: 'not JSON',
        cause: error,
      });
    }
    const result = pageLineSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw createManifestInvalidError({
        entry: `${PAGES_ENTRY}:${n}`,
        problem: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      });
    }
    yield result.data;
  }
}

/** First pass over pages.jsonl: its digest, its count, and the blobs the pages use. */
async function scanPages({
  zip,
  manifest,
  entry,
}: {
  zip: PackageZip;
  manifest: Manifest;
  entry: PackageEntry;
}) {
  const { stream } = await openEntry({ zip, name: PAGES_ENTRY });
  const hash = createHash('sha256');
  let sizeBytes = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    sizeBytes += chunk.length;
  });
  const referenced = new Set<string>();
  const pageIds = new Set<string>();
  const volumeIds = new Set(manifest.volumes.map((v) => v.id));
  const sourceIds = new Set(manifest.sources.map((s) => s.id));
  let count = 0;
  try {
    for await (const page of pageLines(stream)) {
      count++;
      pageIds.add(page.id);
      // A page of a volume or source the manifest lacks would fail on a foreign key, unnamed.
      if (!volumeIds.has(page.volumeId) || !sourceIds.has(page.sourceFileId)) {
        throw createManifestInvalidError({
          entry: `${PAGES_ENTRY}#${page.id}`,
          problem: !volumeIds.has(page.volumeId)
            ? `volume ${page.volumeId} is not in the package`
            : `source ${page.sourceFileId} is not in the package`,
        });
      }
      for (const sha of [page.originalSha256, page.uprightSha256]) {
        if (sha) {
          referenced.add(sha);
        }
      }
    }
  } catch (error) {
    throw entryReadError(PAGES_ENTRY, error);
  }
  checkDigest({ entry, sha256: hash.digest('hex'), sizeBytes });
  if (count !== manifest.pages.count) {
    throw createManifestInvalidError({
      entry: PAGES_ENTRY,
      problem: `${count} pages, manifest says ${manifest.pages.count}`,
    });
  }
  return { referenced, pageIds };
}

/** Second pass, inside the import transaction: pages in batches (memory stays flat). */
async function* readPageBatches({ zip }: { zip: PackageZip }): AsyncGenerator<PageLine[]> {
  const { stream } = await openEntry({ zip, name: PAGES_ENTRY });
  let batch: PageLine[] = [];
  try {
    for await (const page of pageLines(stream)) {
      batch.push(page);
      if (batch.length >= PAGE_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    throw entryReadError(PAGES_ENTRY, error);
  }
  yield batch;
}
