import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { createDatabase, PGLITE_EXTENSIONS, type Db } from './database.ts';
import type { Database } from './database.types.ts';
import { createPgliteDialect } from './pglite.dialect.ts';

export type DbVariant = 'pglite' | 'postgres';

/**
 * The PostgreSQL used by integration tests: SOHOA_TEST_POSTGRES_URL, else DATABASE_URL, else the CI machines'
 * default. Set SOHOA_TEST_POSTGRES=off to skip it.
 */
export const TEST_POSTGRES_URL =
  process.env.SOHOA_TEST_POSTGRES_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

let postgresReachable: Promise<boolean> | undefined;

async function isPostgresReachable(): Promise<boolean> {
  if (process.env.SOHOA_TEST_POSTGRES === 'off') {
    return false;
  }
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 1500,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The variants an integration suite runs on: PGlite always, PostgreSQL when reachable (CI sets
 * SOHOA_TEST_POSTGRES=required so that an unreachable server fails instead of skipping).
 */
export async function getDbVariants(): Promise<DbVariant[]> {
  postgresReachable ??= isPostgresReachable();
  const reachable = await postgresReachable;
  if (!reachable && process.env.SOHOA_TEST_POSTGRES === 'required') {
    throw new Error(`PostgreSQL required for tests but unreachable at ${TEST_POSTGRES_URL}`);
  }
  return reachable ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh, migrated database. On PostgreSQL every call creates its own database (dropped by
 * `close`), so reruns and parallel files never see each other's rows.
 */
export async function createTestDatabase({
  variant = 'pglite',
  migrate = true,
}: {
  variant?: DbVariant;
  /** `false`: an empty database (a restore target). */
  migrate?: boolean;
} = {}): Promise<{
  db: Db;
  close: () => Promise<void>;
}> {
  if (variant === 'pglite') {
    return createDatabase({
      driver: 'pglite',
      dataDir: null,
      ...(migrate ? { loadDataDir: await migratedPgliteTemplate() } : {}),
    });
  }
  const { url, drop } = await createEmptyPostgresDatabase();
  const { db, close } = await createDatabase({
    driver: 'postgres',
    url,
    poolSize: 4,
  });
  if (migrate) {
    await runMigrations({ db });
  }
  return {
    db,
    close: async () => {
      await close();
      await drop();
    },
  };
}

/**
 * A new, empty database on the test PostgreSQL (for a process of its own: the CLI, a restore
 * target), with its URL and how to drop it.
 */
export async function createEmptyPostgresDatabase({
  prefix = 'sohoa_test',
}: { prefix?: string } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
let pgliteTemplate: Promise<Blob> | undefined;

/**
 * A migrated PGlite costs 2–4 s to create (initdb inside WebAssembly, then every migration);
 * loading a copy of one's data folder costs about 0.5 s, and integration tests create hundreds.
 * The copy is made once per version of the migrations and of PGlite (the key hashes the sources
 * of `migrations/` and the PGlite version) and shared by the test files through the temp folder.
 */
async function migratedPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const hash = createHash('sha256');
    // PGlite's package.json is not exported: found above its resolved entry point.
    let pgliteDir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    while (path.basename(pgliteDir) !== 'pglite' && path.dirname(pgliteDir) !== pgliteDir) {
      pgliteDir = path.dirname(pgliteDir);
    }
    hash.update(await readFile(path.join(pgliteDir, 'package.json')));
    const files = (await readdir(MIGRATIONS_DIR, { recursive: true }))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .sort();
    for (const name of files) {
      hash.update(`${name}\n`).update(await readFile(path.join(MIGRATIONS_DIR, name)));
    }
    const file = path.join(os.tmpdir(), `sohoa-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      // Not made yet: made here (two files racing both make it; the rename keeps one whole copy).
    }
    const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    const db = new Kysely<Database>({ dialect: createPgliteDialect({ pglite }) });
    try {
      await runMigrations({ db });
      const dump = await pglite.dumpDataDir('none');
      const bytes = Buffer.from(await dump.arrayBuffer());
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
      // Copies for older migrations are of no further use.
      for (const name of await readdir(os.tmpdir())) {
        if (/^sohoa-test-pglite-[0-9a-f]{16}\.tar$/.test(name) && name !== path.basename(file)) {
          await rm(path.join(os.tmpdir(), name), { force: true });
        }
      }
      return new Blob([bytes]);
    } finally {
      await db.destroy();
    }
  })();
  return pgliteTemplate;
}
