import { createError } from '../shared/errors/errors.ts';
import type { ByteRange } from './blobs.types.ts';

export function createBlobNotFoundError({ key, cause }: { key: string; cause?: unknown }) {
  return createError({
    code: 'blob.not_found',
    message: 'Blob not found.',
    cause,
    details: { key },
  });
}

/** A key the store never hands out: a bug or a tampered reference, never a user mistake. */
export function createInvalidBlobKeyError({ key }: { key: string }) {
  return createError({
    code: 'blob.invalid_key',
    message: 'Invalid blob key.',
    isInternal: true,
    details: { key },
  });
}

/** A range past the end of the blob (HTTP 416 for viewer range requests). */
export function createInvalidByteRangeError({
  range,
  sizeBytes,
}: {
  range: ByteRange;
  sizeBytes: number;
}) {
  return createError({
    code: 'blob.invalid_range',
    message: 'The requested byte range cannot be satisfied.',
    details: { range, sizeBytes },
  });
}
