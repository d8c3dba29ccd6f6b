import { defineError } from '../shared/errors/errors.ts';

export const createOcrUnfinishedError = defineError('export.ocr_unfinished');
export const createSourceMissingError = defineError('export.source_missing');
export const createDiskFullError = defineError('export.disk_full');
export const createWriteFailedError = defineError('export.write_failed');
export const createNoPagesError = defineError('export.no_pages');
export const createVerificationFailedError = defineError('export.verification_failed');
export const createBadImageError = defineError('export.bad_image');
export const createManifestNotFoundError = defineError('export.manifest_not_found');

/** `issues` entry naming the page an export failed on (the error middleware passes it on). */
export const pageIssue = (page: { ref: string; volume: number; seq: number }) => ({
  issues: [{ path: 'page', message: `${page.ref} (tập ${page.volume}, trang ${page.seq})` }],
});
