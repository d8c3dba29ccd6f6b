import { initialSchemaMigration } from './list/0001-initial-schema.migration.ts';
import type { Migration } from './migrations.types.ts';

/** Every migration, in order. Append only; never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [initialSchemaMigration];
