import type { Readable } from 'node:stream';

/** Inclusive byte range, as in an HTTP `Range: bytes=start-end` header (RFC 9110 §14.1.2). */
export type ByteRange = { start: number; end: number };

/**
 * What to store. A stream is hashed and written chunk by chunk, so a scanned volume of several
 * hundred MB never sits in memory; `bytes` is for content that is already in memory anyway.
 */
export type BlobContent =
  { stream: AsyncIterable<Uint8Array>; bytes?: never } | { bytes: Uint8Array; stream?: never };

/** Outcome of {@link BlobStore.put}. */
export type PutBlobResult = {
  /** Storage key derived from the content hash: `sha256/<2 hex>/<2 hex>/<64 hex>`. */
  key: string;
  /** Lower-case hex SHA-256 of the content, computed while it was written. */
  sha256: string;
  /** Number of bytes of the content. */
  sizeBytes: number;
  /** `false` when identical content was already stored: the existing blob was left untouched. */
  created: boolean;
};

/** Outcome of {@link BlobStore.get}. */
export type GetBlobResult = {
  /** The requested bytes. The caller must consume or destroy it, or the file handle stays open. */
  stream: Readable;
  /** Size of the whole blob, not of the range (needed for a `Content-Range` header). */
  sizeBytes: number;
  /** The range actually served (the end clamped to the last byte), or `null` for the whole blob. */
  range: ByteRange | null;
};

/**
 * Content-addressed, immutable storage for originals and derived files (page images, exports).
 * Drivers: `fs` (default), `memory`, `s3`; every driver passes `drivers/drivers.test-suite.ts`.
 * Errors: `blob.not_found` for a missing blob, `blob.invalid_key` for a key this store could never
 * have produced (including path traversal attempts), `blob.invalid_range` for an unsatisfiable range.
 *
 * @example
 * const { key, sha256, created } = await blobStore.put({ stream: upload });
 * const { stream } = await blobStore.get({ key, range: { start: 0, end: 1023 } });
 */
export type BlobStore = {
  /**
   * Stores content under a key derived from its SHA-256. Storing the same content again returns the
   * same key with `created: false` and never rewrites the existing blob. If the input stream fails,
   * that same error is rethrown (so a size-limit error keeps its code) and nothing is stored.
   */
  put: (content: BlobContent) => Promise<PutBlobResult>;
  /** Opens a blob, or the inclusive byte `range` of it, as a stream. Throws `blob.not_found`. */
  get: (args: { key: string; range?: ByteRange }) => Promise<GetBlobResult>;
  /** Reads a whole blob into memory; meant for small blobs (page images, JSON). Throws `blob.not_found`. */
  getBytes: (args: { key: string }) => Promise<{ bytes: Uint8Array }>;
  /** Size of a blob, or `null` when it does not exist. */
  stat: (args: { key: string }) => Promise<{ sizeBytes: number } | null>;
  /** Whether a blob exists. */
  exists: (args: { key: string }) => Promise<{ exists: boolean }>;
  /**
   * Removes a blob. Only retention and maintenance call this: content is otherwise immutable.
   * Idempotent, so a retried maintenance job does not fail: `deleted` is `false` if it was absent.
   */
  delete: (args: { key: string }) => Promise<{ deleted: boolean }>;
};
