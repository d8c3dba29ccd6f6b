import { defineError } from '../shared/errors/errors.ts';

export const createMapNotFoundError = defineError('map.not_found');
/** The map was saved by someone else since the caller read it (optimistic concurrency). */
export const createMapVersionConflictError = defineError('map.version_conflict');
export const createMapImportInvalidError = defineError('map.import_invalid');
