import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestDependencies } from '../app/server.test-utils.ts';
import { createFsBlobStore } from '../blobs/drivers/fs/fs.blob-driver.ts';
import { createDatabase } from '../database/database.ts';
import { runMigrations } from '../../migrations/migrations.usecases.ts';

/*
 * Helpers of the kill -9 tests (backup.faults.int.test.ts) and of `npm run soak`: an embedded
 * installation seeded on disk with enough blobs that a backup or restore takes a while, the real
 * `sohoa` CLI run as a child process, and dumps that compare two installations row by row and
 * blob by blob.
 */

export const SOHOA_BIN = fileURLToPath(new URL('../../../../cli/bin/sohoa.mjs', import.meta.url));

/**
 * A unit, a clerk, one case whose single volume has `blobs` source files (random bytes of
 * `blobBytes` each, so every one is a distinct blob) with `pagesPerBlob` pages each, and
 * `auditEvents` chained audit events. Written to `<dataDir>/db` and `<dataDir>/blobs`.
 */
export async function seedInstallationOnDisk({
  dataDir,
  blobs,
  blobBytes = 256 * 1024,
  pagesPerBlob = 5,
  auditEvents = 200,
}: {
  dataDir: string;
  blobs: number;
  blobBytes?: number;
  pagesPerBlob?: number;
  auditEvents?: number;
}) {
  const { db, close } = await createDatabase({
    driver: 'pglite',
    dataDir: path.join(dataDir, 'db'),
  });
  try {
    await runMigrations({ db });
    const blobStore = createFsBlobStore({ root: path.join(dataDir, 'blobs') });
    const deps = { ...createTestDependencies({ db }), blobStore };
    // An installation in use (the soak's) already has its root unit: the test unit goes under it.
    const root = await db
      .selectFrom('units')
      .select('id')
      .where('parent_id', 'is', null)
      .executeTakeFirst();
    const { unit } = await deps.unitsRepository.create({
      unit: {
        code: 'KILL',
        name: 'Viện kiểm sát thử',
        level: root ? 'REGIONAL' : 'PROVINCIAL',
        parentId: root?.id ?? null,
      },
    });
    const { user } = await deps.usersRepository.create({
      user: {
        unitId: unit.id,
        username: root ? 'thuky-saoluu' : 'thuky',
        fullName: 'Thư ký',
        roles: ['CLERK'],
        passwordHash: 'x',
      },
    });
    const { case: created } = await deps.casesRepository.create({
      fields: {
        unitId: unit.id,
        title: 'Vụ án thử sao lưu',
        kind: 'criminal',
        nationalCode: null,
        internalNumber: null,
        charges: [],
        stage: 'INVESTIGATION',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: user.id,
      assigneeIds: [],
    });
    const { volume } = await deps.volumesRepository.create({ caseId: created.id, title: 'Tập 1' });
    for (let i = 0; i < blobs; i++) {
      const { key, sha256, sizeBytes } = await blobStore.put({ bytes: randomBytes(blobBytes) });
      await db.transaction().execute(async (trx) => {
        const { sourceFileId } = await deps.intakeRepository.insertSource({
          trx,
          source: {
            caseId: created.id,
            volumeId: volume.id,
            sha256,
            blobKey: key,
            originalName: `tep-${i}.jpg`,
            mediaType: 'image/jpeg',
            kind: 'image',
            sizeBytes,
            pageCount: pagesPerBlob,
            uploadedBy: user.id,
            parentName: null,
          },
        });
        for (let p = 0; p < pagesPerBlob; p++) {
          await deps.pagesRepository.insertPage({
            trx,
            page: {
              caseId: created.id,
              volumeId: volume.id,
              sourceFileId,
              sourceIndex: p,
              seq: i * pagesPerBlob + p + 1,
              originalBlobKey: key,
              widthPx: 100,
              heightPx: 140,
              dpi: 300,
              textLayer: { text: `Trang ${i}.${p} lời khai`, words: [], meanConfidence: 0.9 },
            },
          });
        }
      });
    }
    const actor = {
      userId: user.id,
      username: 'thuky',
      unitId: unit.id,
      roles: ['CLERK' as const],
    };
    for (let i = 0; i < auditEvents; i++) {
      await deps.auditRepository.record({
        event: { action: 'case.read', actor, caseId: created.id, unitId: unit.id, details: { i } },
      });
    }
    return { caseId: created.id };
  } finally {
    await close();
  }
}

export interface SohoaRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `sohoa <args>` as a child process (the real CLI: tsx, config from `env`). */
export function spawnSohoa({ args, env }: { args: string[]; env: Record<string, string> }) {
  const child = spawn(process.execPath, [SOHOA_BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<SohoaRun>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export async function runSohoa(args: string[], env: Record<string, string>) {
  return spawnSohoa({ args, env }).done;
}

/**
 * Runs `sohoa <args>` and SIGKILLs it as soon as `when()` holds (polled every 10 ms). Resolves
 * with the run and whether the kill landed (false: the command ended first).
 */
export async function runSohoaKilledWhen({
  args,
  env,
  when,
  timeoutMs = 180_000,
}: {
  args: string[];
  env: Record<string, string>;
  when: () => Promise<boolean>;
  timeoutMs?: number;
}) {
  const { child, done } = spawnSohoa({ args, env });
  let finished = false;
  void done.then(() => (finished = true));
  const started = Date.now();
  while (!finished && Date.now() - started < timeoutMs) {
    if (await when()) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const run = await done;
  return { run, killed: run.signal === 'SIGKILL', afterMs: Date.now() - started };
}

/** Regular files under `dir` (recursively), relative paths; none when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export async function countFiles(dir: string) {
  return (await listFiles(dir)).length;
}

/** SHA-256 of every stored blob (`<blobDir>/sha256/…`, temp files excluded), by key. */
export async function hashBlobTree(blobDir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await listFiles(path.join(blobDir, 'sha256'))) {
    const bytes = await readFile(path.join(blobDir, 'sha256', file));
    result[`sha256/${file}`] = createHash('sha256').update(bytes).digest('hex');
  }
  return result;
}

/**
 * Every row of every table of an on-disk PGlite database (or a PostgreSQL one), as sorted JSON
 * text per table. Audit
 * events after `auditUpToSeq` (the backup's own and the restore's) and the chain head are left
 * out: they are the only rows a backup → restore legitimately adds.
 */
export async function dumpDatabase({
  dbDir,
  url,
  auditUpToSeq,
}: {
  /** An on-disk PGlite database… */
  dbDir?: string;
  /** …or a PostgreSQL one. */
  url?: string;
  auditUpToSeq: number;
}) {
  if (dbDir) {
    await stat(path.join(dbDir, 'PG_VERSION'));
  }
  const { db, close } = url
    ? await createDatabase({ driver: 'postgres', url })
    : await createDatabase({ driver: 'pglite', dataDir: dbDir! });
  try {
    const { rows: tables } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('schema_migrations', 'schema_migrations_lock', 'audit_chain_head')
      ORDER BY table_name`.execute(db);
    const dump: Record<string, string[]> = {};
    for (const { table_name: table } of tables) {
      const where = table === 'audit_events' ? sql`WHERE seq <= ${auditUpToSeq}` : sql``;
      const { rows } = await sql<{ j: string }>`
        SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t ${where} ORDER BY 1`.execute(
        db,
      );
      dump[table] = rows.map((r) => r.j);
    }
    return dump;
  } finally {
    await close();
  }
}
