import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { isValidBlobKey } from '../blobs/blobs.models.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import { hasErrorCode } from '../blobs/drivers/fs/fs.files.ts';
import {
  createTargetNotEmptyError,
  createUnsupportedSchemaError,
} from './store-migration.errors.ts';
import { orderRowsByParent, orderTablesByDependencies } from './store-migration.models.ts';
import {
  createStoreMigrationRepository,
  joinKey,
  type RowBatch,
  type StoreMigrationRepository,
  type TableShape,
} from './store-migration.repository.ts';

export type TableReport = {
  table: string;
  sourceRows: number;
  inserted: number;
  /** Rows already in the target (only with `allowNonEmpty`), identical or not: see `mismatched`. */
  alreadyPresent: number;
  /** Source rows missing from the target, or different there, after the copy. */
  mismatched: number;
  /** SHA-256 over the md5 of each source row's text form, in primary-key order. */
  sourceHash: string;
  /** The same over the target's rows with the same keys, in the same order. */
  targetHash: string;
  verified: boolean;
};

export type BlobReport = {
  total: number;
  copied: number;
  alreadyPresent: number;
  bytesCopied: number;
  /** Every blob re-read from the target and hashed: those whose SHA-256 matched their key. */
  verified: number;
  /** Blobs that could not be copied or whose target bytes do not hash to their key. */
  problems: Array<{
    key: string;
    problem: 'source_corrupt' | 'target_mismatch' | 'copy_failed';
    detail?: string;
  }>;
};

export type StoreMigrationReport = {
  ok: boolean;
  tables: TableReport[];
  sequences: Array<{ name: string; value: string }>;
  blobs: BlobReport;
  durationMs: number;
};

export type StoreMigrationProgress =
  | { step: 'table'; table: string; done: number; total: number }
  | { step: 'blobs-copy' | 'blobs-verify'; done: number; total: number };

// Batches are bounded by rows and by JSON size (pages carry OCR words: up to ~100 KB a row).
const MAX_BATCH_JSON_CHARS = 8 * 1024 * 1024;
const BLOB_CONCURRENCY = 4;

/**
 * Copies an embedded installation (its database and `fs` blob folder) into a target database,
 * already migrated to the same schema, and a target blob store, then verifies both. Rows keep
 * their ids; tables are copied in foreign-key order, each in one transaction, in keyset batches.
 * With `allowNonEmpty` a second run skips what is already there, so an interrupted migration is
 * resumed by running it again; without it a target holding any row is refused.
 */
export async function migrateStore({
  sourceDb,
  sourceBlobDir,
  targetDb,
  targetBlobStore,
  allowNonEmpty,
  batchSize = 500,
  onProgress = () => undefined,
  now = () => Date.now(),
}: {
  sourceDb: Kysely<unknown>;
  sourceBlobDir: string;
  targetDb: Kysely<unknown>;
  targetBlobStore: BlobStore;
  allowNonEmpty: boolean;
  batchSize?: number;
  onProgress?: (progress: StoreMigrationProgress) => void;
  now?: () => number;
}): Promise<StoreMigrationReport> {
  const startedAt = now();
  const source = createStoreMigrationRepository({ db: sourceDb });
  const target = createStoreMigrationRepository({ db: targetDb });
  await source.normalizeSession();

  const tables = orderTablesByDependencies({ tables: await source.listTables() });
  const targetTables = new Map((await target.listTables()).map((t) => [t.name, t]));
  for (const table of tables) {
    const other = targetTables.get(table.name);
    if (
      !other ||
      other.columns.join(',') !== table.columns.join(',') ||
      table.primaryKey.length === 0
    ) {
      throw createUnsupportedSchemaError({
        vi: `Bảng ${table.name} khác nhau giữa nguồn và đích (hoặc không có khóa chính)`,
        en: `Table ${table.name} differs between source and target (or has no primary key)`,
      });
    }
  }
  await target.clearEmptyAuditChainHead();
  if (!allowNonEmpty) {
    const filled = [];
    for (const table of tables) {
      if (await target.hasRows({ table: table.name })) {
        filled.push(table.name);
      }
    }
    if (filled.length > 0) {
      throw createTargetNotEmptyError({
        vi: `Cơ sở dữ liệu đích đã có dữ liệu (${filled.join(', ')}); dùng --allow-nonempty để bổ sung hoặc chạy tiếp`,
        en: `The target database already holds rows (${filled.join(', ')}); use --allow-nonempty to add to it or resume`,
        details: { tables: filled },
      });
    }
  }

  const tableReports: TableReport[] = [];
  for (const table of tables) {
    if (REBUILT_BY_TARGET[table.name]) {
      continue;
    }
    tableReports.push(
      await copyTable({ table, source, targetDb, allowNonEmpty, batchSize, onProgress }),
    );
  }

  for (const table of tables.filter((t) => REBUILT_BY_TARGET[t.name])) {
    tableReports.push(
      await compareRebuiltTable({ table, columns: REBUILT_BY_TARGET[table.name]!, source, target }),
    );
  }

  const sequences: StoreMigrationReport['sequences'] = [];
  for (const name of await source.listSequences()) {
    const from = await source.readSequence({ name });
    const existing = await target.readSequence({ name });
    // Never move a target sequence backwards: it may already have handed out higher values.
    const keepTarget = existing.isCalled && existing.lastValue > from.lastValue;
    const next = keepTarget ? existing : from;
    await target.setSequence({ name, ...next });
    sequences.push({ name, value: next.lastValue.toString() });
  }

  const blobs = await copyBlobs({ sourceBlobDir, targetBlobStore, onProgress });
  return {
    ok: tableReports.every((t) => t.verified) && blobs.problems.length === 0,
    tables: tableReports,
    sequences,
    blobs,
    durationMs: now() - startedAt,
  };
}

/**
 * Summaries the target's triggers rebuild from the rows copied (per-case page counts): copying
 * them too would count twice. They are compared afterwards, on the columns that carry figures.
 */
const REBUILT_BY_TARGET: Record<string, string[]> = {
  case_page_stats: ['pages', 'sheets', 'ocr_failures', 'by_status'],
};

async function compareRebuiltTable({
  table,
  columns,
  source,
  target,
}: {
  table: TableShape;
  columns: string[];
  source: StoreMigrationRepository;
  target: StoreMigrationRepository;
}): Promise<TableReport> {
  const read = (repo: StoreMigrationRepository) =>
    repo.readColumns({ table: table.name, columns, primaryKey: table.primaryKey });
  const [from, to] = [await read(source), await read(target)];
  const sourceHash = createHash('sha256');
  const targetHash = createHash('sha256');
  let mismatched = 0;
  for (const key of [...from.keys()].sort()) {
    sourceHash.update(from.get(key)!);
    targetHash.update(to.get(key) ?? 'missing');
    if (to.get(key) !== from.get(key)) {
      mismatched += 1;
    }
  }
  return {
    table: table.name,
    sourceRows: from.size,
    inserted: 0,
    alreadyPresent: from.size,
    mismatched,
    sourceHash: sourceHash.digest('hex'),
    targetHash: targetHash.digest('hex'),
    verified: mismatched === 0,
  };
}

/** Tables the target's own triggers fill while other tables are copied: existing rows are kept. */
const TRIGGER_FILLED_TABLES = new Set(['search_terms']);

async function copyTable({
  table,
  source,
  targetDb,
  allowNonEmpty,
  batchSize,
  onProgress,
}: {
  table: TableShape;
  source: StoreMigrationRepository;
  targetDb: Kysely<unknown>;
  allowNonEmpty: boolean;
  batchSize: number;
  onProgress: (progress: StoreMigrationProgress) => void;
}): Promise<TableReport> {
  const total = await source.countRows({ table: table.name });
  const sourceHash = createHash('sha256');
  const targetHash = createHash('sha256');
  let inserted = 0;
  let seen = 0;
  let mismatched = 0;

  const copyBatch = async (target: StoreMigrationRepository, batch: RowBatch) => {
    for (const part of splitBySize(batch)) {
      const rowsJson = `[${part.map((r) => r.json).join(',')}]`;
      inserted += await target.insertRows({
        table: table.name,
        columns: table.columns,
        rowsJson,
        // Derived rows (the search word list) are written by triggers as the pages arrive.
        skipExisting: allowNonEmpty || TRIGGER_FILLED_TABLES.has(table.name),
      });
      // Verification, read back in the same transaction: each source row against the target row
      // with its key (rows of other units already in a shared target are not looked at).
      const hashes = await target.hashRowsByKey({
        table: table.name,
        primaryKey: table.primaryKey,
        rowsJson,
      });
      for (const row of part) {
        const found = hashes.get(joinKey(row.key));
        sourceHash.update(row.rowHash);
        targetHash.update(found ?? 'missing');
        if (found !== row.rowHash) {
          mismatched += 1;
        }
      }
      seen += part.length;
      onProgress({ step: 'table', table: table.name, done: seen, total });
    }
  };

  await targetDb.transaction().execute(async (trx) => {
    const target = createStoreMigrationRepository({ db: trx });
    await target.normalizeSession();
    if (table.selfReference) {
      if (!table.selfReference.column) {
        throw createUnsupportedSchemaError({
          vi: `Bảng ${table.name} tự tham chiếu bằng khóa nhiều cột`,
          en: `Table ${table.name} references itself through a multi-column key`,
        });
      }
      // Small tables (units): read whole, parents first, so every batch satisfies the key.
      const rows = orderRowsByParent({
        rows: await source.readAll({ table: table.name, primaryKey: table.primaryKey }),
        ...table.selfReference,
      });
      for (let i = 0; i < rows.length; i += batchSize) {
        await copyBatch(target, rows.slice(i, i + batchSize));
      }
      return;
    }
    let after: string[] | null = null;
    for (;;) {
      const batch = await source.readBatch({
        table: table.name,
        primaryKey: table.primaryKey,
        after,
        limit: batchSize,
      });
      if (batch.length === 0) {
        break;
      }
      await copyBatch(target, batch);
      after = batch.at(-1)!.key;
    }
  });

  return {
    table: table.name,
    sourceRows: seen,
    inserted,
    alreadyPresent: seen - inserted,
    mismatched,
    sourceHash: sourceHash.digest('hex'),
    targetHash: targetHash.digest('hex'),
    verified: mismatched === 0 && seen === total,
  };
}

function splitBySize(batch: RowBatch): RowBatch[] {
  const parts: RowBatch[] = [];
  let current: RowBatch = [];
  let size = 0;
  for (const row of batch) {
    if (current.length > 0 && size + row.json.length > MAX_BATCH_JSON_CHARS) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += row.json.length + 1;
  }
  if (current.length > 0) {
    parts.push(current);
  }
  return parts;
}

/** Keys of every blob in an `fs` store folder (`sha256/ab/cd/<hash>`; `.tmp/` is skipped). */
export async function listFsBlobKeys({ root }: { root: string }): Promise<string[]> {
  const entries = await readdir(join(root, 'sha256'), { recursive: true }).catch(
    (error: unknown) => {
      if (hasErrorCode(error, 'ENOENT')) {
        return [] as string[];
      }
      throw error;
    },
  );
  return entries
    .map((entry) => `sha256/${entry.split('\\').join('/')}`)
    .filter((key) => isValidBlobKey({ key }))
    .sort();
}

async function copyBlobs({
  sourceBlobDir,
  targetBlobStore,
  onProgress,
}: {
  sourceBlobDir: string;
  targetBlobStore: BlobStore;
  onProgress: (progress: StoreMigrationProgress) => void;
}): Promise<BlobReport> {
  const keys = await listFsBlobKeys({ root: sourceBlobDir });
  const report: BlobReport = {
    total: keys.length,
    copied: 0,
    alreadyPresent: 0,
    bytesCopied: 0,
    verified: 0,
    problems: [],
  };
  const failed = new Set<string>();

  let copiedCount = 0;
  await forEachConcurrently(keys, BLOB_CONCURRENCY, async (key) => {
    try {
      // Content addressing: a key present in the target is the same content (re-hashed below).
      if ((await targetBlobStore.stat({ key })) !== null) {
        report.alreadyPresent += 1;
      } else {
        const put = await targetBlobStore.put({
          stream: createReadStream(join(sourceBlobDir, key)),
        });
        if (put.key !== key) {
          // The source file does not hash to its name: copied under its true hash, reported.
          report.problems.push({ key, problem: 'source_corrupt', detail: `sha256 ${put.sha256}` });
          failed.add(key);
        } else {
          report.copied += 1;
          report.bytesCopied += put.sizeBytes;
        }
      }
    } catch (error) {
      report.problems.push({ key, problem: 'copy_failed', detail: String(error) });
      failed.add(key);
    }
    copiedCount += 1;
    onProgress({ step: 'blobs-copy', done: copiedCount, total: keys.length });
  });

  let verifiedCount = 0;
  await forEachConcurrently(
    keys.filter((key) => !failed.has(key)),
    BLOB_CONCURRENCY,
    async (key) => {
      try {
        const { stream } = await targetBlobStore.get({ key });
        const hash = createHash('sha256');
        for await (const chunk of stream) {
          hash.update(chunk as Uint8Array);
        }
        if (key.endsWith(`/${hash.digest('hex')}`)) {
          report.verified += 1;
        } else {
          report.problems.push({ key, problem: 'target_mismatch' });
        }
      } catch (error) {
        report.problems.push({ key, problem: 'target_mismatch', detail: String(error) });
      }
      verifiedCount += 1;
      onProgress({ step: 'blobs-verify', done: verifiedCount, total: keys.length });
    },
  );
  report.problems.sort((a, b) => a.key.localeCompare(b.key));
  return report;
}

async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
