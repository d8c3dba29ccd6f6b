import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { isValidBlobKey } from '../blobs/blobs.models.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import { hasErrorCode } from '../blobs/drivers/fs/fs.files.ts';
import { UNIT_LEVEL_LABELS, type UnitLevel } from '@sohoa/contracts';
import {
  chainedFieldsOf,
  createAuditRepository,
  type AuditEventRow,
} from '../audit/audit.repository.ts';
import { canonicalAuditPayload } from '../audit/audit.chain.ts';
import { verifyAuditChain } from '../audit/audit.usecases.ts';
import type { Db } from '../database/database.ts';
import { isValidChildLevel } from '../units/units.models.ts';
import {
  createParentUnitError,
  createRowConflictError,
  createSourceAuditBrokenError,
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
  parentUnit = null,
  batchSize = 500,
  onProgress = () => undefined,
  now = () => Date.now(),
}: {
  sourceDb: Kysely<unknown>;
  sourceBlobDir: string;
  targetDb: Kysely<unknown>;
  targetBlobStore: BlobStore;
  allowNonEmpty: boolean;
  /**
   * Id or code of a unit of the target under which the source's root unit is placed: a unit
   * that started alone joins the tree of a shared deployment that already has its root.
   */
  parentUnit?: string | null;
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

  const placement = await placeSourceRoot({ source, target, parentUnit });
  // Another installation's audit chain is already there: the source's events are appended to
  // it (re-chained) instead of copied with their seq, which the target's events already use.
  const appendAudit =
    (await target.hasRows({ table: 'audit_events' })) &&
    !(await sharesAuditChain({ sourceDb, targetDb }));
  if (appendAudit) {
    const verification = await verifyAuditChain({
      auditRepository: createAuditRepository({ db: sourceDb as unknown as Db }),
    });
    if (!verification.ok) {
      throw createSourceAuditBrokenError({
        vi: `Chuỗi nhật ký kiểm tra của nguồn bị gãy tại sự kiện số ${verification.firstBreak?.seq ?? '?'} (chạy "sohoa audit verify"): không chuyển`,
        en: `The source's audit chain is broken at event ${verification.firstBreak?.seq ?? '?'} (run "sohoa audit verify"): nothing moved`,
        details: { firstBreak: verification.firstBreak },
      });
    }
  }

  const tableReports: TableReport[] = [];
  for (const table of tables) {
    if (REBUILT_BY_TARGET[table.name]) {
      continue;
    }
    if (appendAudit && AUDIT_CHAIN_TABLES.has(table.name)) {
      if (table.name === 'audit_events') {
        tableReports.push(
          await appendAuditEvents({ source, sourceDb, targetDb, batchSize, onProgress }),
        );
      }
      continue;
    }
    tableReports.push(
      await copyTable({
        table,
        source,
        targetDb,
        allowNonEmpty,
        batchSize,
        onProgress,
        placement: table.name === 'units' ? placement : null,
      }),
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

const AUDIT_CHAIN_TABLES = new Set(['audit_events', 'audit_chain_head']);

/** Where the source's root unit goes: under `parentId` (joining a tree), or stays a root. */
type RootPlacement = { rootIds: Set<string>; parentId: string } | null;

/**
 * A shared database has one root unit. The source's root keeps being a root only in an empty
 * target (or its own earlier copy); otherwise it must be given a parent of the right level.
 */
async function placeSourceRoot({
  source,
  target,
  parentUnit,
}: {
  source: StoreMigrationRepository;
  target: StoreMigrationRepository;
  parentUnit: string | null;
}): Promise<RootPlacement> {
  const sourceRoots = await source.listRootUnits();
  if (parentUnit) {
    const parent = await target.findUnit({ idOrCode: parentUnit });
    if (!parent || sourceRoots.some((root) => root.id === parent.id)) {
      throw createParentUnitError({
        vi: `Không có đơn vị ${parentUnit} trong cơ sở dữ liệu đích để đặt đơn vị của nguồn dưới nó (--parent nhận mã hoặc id đơn vị)`,
        en: `No unit ${parentUnit} in the target database to place the source's unit under (--parent takes a unit code or id)`,
      });
    }
    for (const root of sourceRoots) {
      if (
        !isValidChildLevel({ parent: parent.level as UnitLevel, child: root.level as UnitLevel })
      ) {
        throw createParentUnitError({
          vi: `Đơn vị ${root.code} (${UNIT_LEVEL_LABELS[root.level as UnitLevel]?.vi ?? root.level}) không thể trực thuộc ${parent.code} (${UNIT_LEVEL_LABELS[parent.level as UnitLevel]?.vi ?? parent.level}): đơn vị cấp trên phải ở cấp cao hơn`,
          en: `Unit ${root.code} (${root.level}) cannot sit under ${parent.code} (${parent.level}): the parent must be of a higher level`,
        });
      }
    }
    return { rootIds: new Set(sourceRoots.map((root) => root.id)), parentId: parent.id };
  }
  const targetRoots = await target.listRootUnits();
  const otherRoot = targetRoots.find((root) => !sourceRoots.some((s) => s.id === root.id));
  if (otherRoot && sourceRoots.length > 0) {
    throw createParentUnitError({
      vi: `Cơ sở dữ liệu đích đã có đơn vị gốc ${otherRoot.code}: đơn vị ${sourceRoots[0]!.code} của nguồn phải trực thuộc một đơn vị ở đó — thêm --parent <mã đơn vị cấp trên>`,
      en: `The target database already has its root unit ${otherRoot.code}: the source's unit ${sourceRoots[0]!.code} must be placed under one of its units — add --parent <code of the parent unit>`,
      details: { targetRoot: otherRoot.code, sourceRoot: sourceRoots[0]!.code },
    });
  }
  return null;
}

/** Whether the target's audit chain starts with the source's first event (a copy being resumed). */
async function sharesAuditChain({
  sourceDb,
  targetDb,
}: {
  sourceDb: Kysely<unknown>;
  targetDb: Kysely<unknown>;
}): Promise<boolean> {
  const first = async (db: Kysely<unknown>) =>
    (
      await createAuditRepository({ db: db as unknown as Db }).chainPage({
        afterSeq: null,
        limit: 1,
      })
    ).events[0];
  const [fromSource, fromTarget] = [await first(sourceDb), await first(targetDb)];
  return (
    fromSource === undefined ||
    (fromTarget?.id === fromSource.id && Number(fromTarget.seq) === Number(fromSource.seq))
  );
}

/**
 * The source's audit events appended to the target's chain, batch by batch in their order (an
 * interrupted run resumes: events already there, found by id, are compared, not appended again).
 * Verified on their content: everything but the seq and the chain hashes, which are the
 * target's now (the source chain itself was verified before).
 */
async function appendAuditEvents({
  source,
  sourceDb,
  targetDb,
  batchSize,
  onProgress,
}: {
  source: StoreMigrationRepository;
  sourceDb: Kysely<unknown>;
  targetDb: Kysely<unknown>;
  batchSize: number;
  onProgress: (progress: StoreMigrationProgress) => void;
}): Promise<TableReport> {
  const from = createAuditRepository({ db: sourceDb as unknown as Db });
  const to = createAuditRepository({ db: targetDb as unknown as Db });
  const total = await source.countRows({ table: 'audit_events' });
  const sourceHash = createHash('sha256');
  const targetHash = createHash('sha256');
  const contentOf = (row: AuditEventRow) => {
    const { hash: _hash, ...fields } = chainedFieldsOf(row);
    return createHash('md5')
      .update(canonicalAuditPayload({ ...fields, seq: 0, prevHash: null }))
      .digest('hex');
  };
  let seen = 0;
  let appended = 0;
  let mismatched = 0;
  let afterSeq: number | null = null;
  for (;;) {
    const { events } = await from.chainPage({ afterSeq, limit: batchSize });
    if (events.length === 0) {
      break;
    }
    const present = new Set(
      (await to.findByIds({ ids: events.map((e) => e.id) })).events.map((e) => e.id),
    );
    appended += (await to.appendCopies({ events: events.filter((e) => !present.has(e.id)) }))
      .appended;
    const copies = new Map(
      (await to.findByIds({ ids: events.map((e) => e.id) })).events.map((e) => [e.id, e]),
    );
    for (const event of events) {
      const expected = contentOf(event);
      const copy = copies.get(event.id);
      const found = copy ? contentOf(copy) : 'missing';
      sourceHash.update(expected);
      targetHash.update(found);
      if (found !== expected) {
        mismatched += 1;
      }
    }
    seen += events.length;
    afterSeq = Number(events.at(-1)!.seq);
    onProgress({ step: 'table', table: 'audit_events', done: seen, total });
  }
  return {
    table: 'audit_events',
    sourceRows: seen,
    inserted: appended,
    alreadyPresent: seen - appended,
    mismatched,
    sourceHash: sourceHash.digest('hex'),
    targetHash: targetHash.digest('hex'),
    verified: mismatched === 0 && seen === total,
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
  placement,
}: {
  table: TableShape;
  source: StoreMigrationRepository;
  targetDb: Kysely<unknown>;
  allowNonEmpty: boolean;
  batchSize: number;
  onProgress: (progress: StoreMigrationProgress) => void;
  /** For `units`: the source's root placed under a unit of the target. */
  placement: RootPlacement;
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
        primaryKey: table.primaryKey,
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

  await targetDb
    .transaction()
    .execute(async (trx) => {
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
        if (placement) {
          const column = table.selfReference.column;
          for (const row of rows) {
            if (placement.rootIds.has(joinKey(row.key))) {
              const replace = { [column]: placement.parentId };
              row.json = JSON.stringify({ ...row.row, ...replace });
              // The copy must equal the source row with that one change, and nothing else.
              row.rowHash = await source.hashRowWith({
                table: table.name,
                primaryKey: table.primaryKey,
                key: row.key,
                replace,
              });
            }
          }
        }
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
    })
    .catch((error: unknown) => {
      throw asRowConflictError({ table: table.name, error });
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

/**
 * A row the target refuses for a unique value another row already has (a unit code or a user
 * name taken by another unit of a shared database), or for a reference to such a row: a typed
 * refusal naming the table and the value, instead of the database's bare error.
 */
function asRowConflictError({ table, error }: { table: string; error: unknown }): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== '23505' && code !== '23503') {
    return error;
  }
  const detail = (error as { detail?: string }).detail ?? (error as Error).message;
  return code === '23505'
    ? createRowConflictError({
        vi: `Bảng ${table}: ${detail} — giá trị này đã thuộc về một dòng khác ở đích (ví dụ mã đơn vị hoặc tên đăng nhập trùng với của đơn vị khác). Đổi ở nguồn rồi chạy lại với --allow-nonempty; bảng này chưa được chép`,
        en: `Table ${table}: ${detail} — that value already belongs to another row in the target (e.g. a unit code or user name taken by another unit). Change it in the source, then run again with --allow-nonempty; this table was not copied`,
        details: { table, detail },
      })
    : createRowConflictError({
        vi: `Bảng ${table}: ${detail} — dòng được tham chiếu không có ở đích; bảng này chưa được chép`,
        en: `Table ${table}: ${detail} — the row it refers to is not in the target; this table was not copied`,
        details: { table, detail },
      });
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
