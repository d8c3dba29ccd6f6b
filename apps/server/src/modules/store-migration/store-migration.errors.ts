import { createError } from '../shared/errors/errors.ts';

/**
 * Refusals of `sohoa migrate-store`. It runs in a terminal, not behind HTTP, so each message is
 * written in both languages (like configuration errors).
 */
const refusal =
  (code: string) =>
  ({ vi, en, details }: { vi: string; en: string; details?: Record<string, unknown> }) =>
    createError({ code, message: `${vi} / ${en}`, ...(details ? { details } : {}) });

export const createSourceNotEmbeddedError = refusal('store_migration.source_not_embedded');
export const createSourceMissingError = refusal('store_migration.source_missing');
export const createSourceLockedError = refusal('store_migration.source_locked');
export const createSourceOutdatedError = refusal('store_migration.source_outdated');
export const createTargetNotEmptyError = refusal('store_migration.target_not_empty');
export const createInvalidTargetError = refusal('store_migration.invalid_target');
export const createUnsupportedSchemaError = refusal('store_migration.unsupported_schema');
export const createParentUnitError = refusal('store_migration.parent_unit');
export const createRowConflictError = refusal('store_migration.row_conflict');
export const createSourceAuditBrokenError = refusal('store_migration.source_audit_broken');
