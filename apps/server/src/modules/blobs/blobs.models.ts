import { createInvalidBlobKeyError, createInvalidByteRangeError } from './blobs.errors.ts';
import type { ByteRange } from './blobs.types.ts';

// Two levels of 256 directories keep any one directory small even with millions of pages. The
// pattern is also the path-traversal guard: only lower-case hex and `/` can reach a driver.
const BLOB_KEY_PATTERN = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function buildBlobKey({ sha256 }: { sha256: string }) {
  return { key: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}` };
}

export function isValidBlobKey({ key }: { key: string }) {
  const match = BLOB_KEY_PATTERN.exec(key);
  return match?.[3] !== undefined && buildBlobKey({ sha256: match[3] }).key === key;
}

export function assertValidBlobKey({ key }: { key: string }) {
  if (!isValidBlobKey({ key })) {
    throw createInvalidBlobKeyError({ key });
  }
}

/**
 * Clamps `range.end` to the last byte and rejects a start past the end, as RFC 9110 and S3 do, so
 * every driver answers the same viewer request the same way.
 */
export function resolveByteRange({
  range,
  sizeBytes,
}: {
  range: ByteRange;
  sizeBytes: number;
}): ByteRange {
  const { start, end } = range;
  const isWellFormed = Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0;
  if (!isWellFormed || end < start || start >= sizeBytes) {
    throw createInvalidByteRangeError({ range, sizeBytes });
  }
  return { start, end: Math.min(end, sizeBytes - 1) };
}
