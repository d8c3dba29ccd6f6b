import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { createError } from '../modules/shared/errors/errors.ts';
import { migrations as registeredMigrations } from './migrations.registry.ts';
import type { Migration } from './migrations.types.ts';

/** Applies every pending migration in one run; fails loudly (names the migration) on error. */
export async function runMigrations<DB>({
  db,
  migrations = registeredMigrations,
}: {
  db: Kysely<DB>;
  migrations?: readonly Migration[];
}): Promise<{ applied: string[] }> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        migrations.map((m) => [m.name, { up: m.up, ...(m.down ? { down: m.down } : {}) }]),
      ),
  };
  const migrator = new Migrator({
    // Migrations see the schema as untyped on purpose (they are frozen in time).
    db: db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw createError({
      code: 'database.migration_failed',
      message: `Migration ${failed?.migrationName ?? '?'} failed`,
      cause: error,
      isInternal: true,
    });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
