import pg from 'pg';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { createDatabase, type Db } from './database.ts';

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
    const { db, close } = await createDatabase({ driver: 'pglite', dataDir: null });
    if (migrate) {
      await runMigrations({ db });
    }
    return { db, close };
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
