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

/**
 * Reads an HTTP `Range` header (RFC 9110 §14.1.2) for one byte range: `bytes=a-b`, `bytes=a-`
 * (to the end) or `bytes=-n` (the last n bytes). Anything else — several ranges, another unit,
 * a malformed value — gives `null`, and the whole resource is served, as the RFC allows.
 * An unsatisfiable range is left to {@link resolveByteRange} (HTTP 416).
 */
export function parseRangeHeader({
  header,
  sizeBytes,
}: {
  header: string | undefined;
  sizeBytes: number;
}): ByteRange | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) {
    return null;
  }
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const length = Number(last);
    return length === 0
      ? { start: sizeBytes, end: sizeBytes } // "the last 0 bytes": unsatisfiable
      : { start: Math.max(0, sizeBytes - length), end: sizeBytes - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  return end < start ? null : { start, end };
}
