import { initialSchemaMigration } from './list/0001-initial-schema.migration.ts';
import { ingestionMigration } from './list/0002-ingestion.migration.ts';
import { structureReviewMigration } from './list/0003-structure-review.migration.ts';
import { caseProcedureMigration } from './list/0004-case-procedure.migration.ts';
import { exportManifestsMigration } from './list/0005-export-manifests.migration.ts';
import { auditChainMigration } from './list/0009-audit-chain.migration.ts';
import type { Migration } from './migrations.types.ts';

/** Every migration, in order. Append only; never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [
  initialSchemaMigration,
  ingestionMigration,
  structureReviewMigration,
  caseProcedureMigration,
  exportManifestsMigration,
  auditChainMigration,
];
