import { createError, type DomainError } from '../shared/errors/errors.ts';

/**
 * Errors of the transfer package. Those about a ZIP entry name the entry: in the message (logs,
 * in-process callers) and as an `issues` row (the API body and the CLI print it).
 */
function packageError({
  code,
  entry,
  problem,
  cause,
}: {
  code: string;
  entry?: string;
  problem?: string;
  cause?: unknown;
}): DomainError {
  const issues = entry ? [{ path: entry, message: problem ?? code }] : undefined;
  return createError({
    code,
    message: entry ? `${code}: ${entry}${problem ? ` (${problem})` : ''}` : code,
    cause,
    ...(issues ? { details: { issues, entry } } : {}),
  });
}

type EntryArgs = { entry?: string; problem?: string; cause?: unknown };

export const createCaseExistsError = (args: { cause?: unknown } = {}) =>
  packageError({ code: 'package.case_exists', ...args });
export const createPackageCorruptError = (args: EntryArgs = {}) =>
  packageError({ code: 'package.corrupt', ...args });
export const createUnsafeEntryError = (args: EntryArgs) =>
  packageError({ code: 'package.unsafe_entry', ...args });
export const createUnsupportedFormatError = (args: EntryArgs = {}) =>
  packageError({ code: 'package.unsupported_format', ...args });
export const createUnsupportedVersionError = (args: EntryArgs = {}) =>
  packageError({ code: 'package.unsupported_version', ...args });
export const createManifestInvalidError = (args: EntryArgs = {}) =>
  packageError({ code: 'package.manifest_invalid', ...args });
export const createManifestTamperedError = () =>
  packageError({ code: 'package.manifest_tampered', entry: 'manifest.json', problem: 'checksum' });
export const createEntryMismatchError = (args: EntryArgs) =>
  packageError({ code: 'package.entry_mismatch', ...args });
export const createEntryMissingError = (args: EntryArgs) =>
  packageError({ code: 'package.entry_missing', ...args });
export const createCaseNotReadyError = (args: { unfinishedPages: number }) =>
  createError({ code: 'package.case_not_ready', details: args });
export const createBlobMissingError = (args: EntryArgs) =>
  packageError({ code: 'package.blob_missing', ...args });
export const createPackageTooLargeError = () => createError({ code: 'package.too_large' });
