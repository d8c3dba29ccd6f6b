import { initialSchemaMigration } from './list/0001-initial-schema.migration.ts';
import { ingestionMigration } from './list/0002-ingestion.migration.ts';
import { structureReviewMigration } from './list/0003-structure-review.migration.ts';
import { caseProcedureMigration } from './list/0004-case-procedure.migration.ts';
import { exportManifestsMigration } from './list/0005-export-manifests.migration.ts';
import { pageSearchMigration } from './list/0006-page-search.migration.ts';
import { annotationsMigration } from './list/0007-annotations.migration.ts';
import { queueFairnessMigration } from './list/0008-queue-fairness.migration.ts';
import { auditChainMigration } from './list/0009-audit-chain.migration.ts';
import { digitizationProcedureMigration } from './list/0011-digitization-procedure.migration.ts';
import { caseMapsMigration } from './list/0012-case-maps.migration.ts';
import { pageDocumentFieldsMigration } from './list/0017-page-document-fields.migration.ts';
import { hearingsDashboardMigration } from './list/0014-hearings-dashboard.migration.ts';
import { exhibitsMigration } from './list/0013-exhibits.migration.ts';
import { searchWordPairsMigration } from './list/0018-search-word-pairs.migration.ts';
import { presentationsMigration } from './list/0020-presentations.migration.ts';
import { casePageStatsMigration } from './list/0021-case-page-stats.migration.ts';
import { pageDisplayImagesMigration } from './list/0022-page-display-images.migration.ts';
import { searchTypeIndexesMigration } from './list/0023-search-type-indexes.migration.ts';
import type { Migration } from './migrations.types.ts';

/** Every migration, in order. Append only; never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [
  initialSchemaMigration,
  ingestionMigration,
  structureReviewMigration,
  caseProcedureMigration,
  exportManifestsMigration,
  pageSearchMigration,
  annotationsMigration,
  queueFairnessMigration,
  auditChainMigration,
  digitizationProcedureMigration,
  caseMapsMigration,
  exhibitsMigration,
  hearingsDashboardMigration,
  pageDocumentFieldsMigration,
  searchWordPairsMigration,
  presentationsMigration,
  casePageStatsMigration,
  pageDisplayImagesMigration,
  searchTypeIndexesMigration,
];
