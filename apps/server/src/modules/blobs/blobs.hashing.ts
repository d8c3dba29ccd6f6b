import { createHash } from 'node:crypto';
import type { BlobContent } from './blobs.types.ts';

/**
 * Hashes content chunk by chunk, handing each chunk to `onChunk` (awaited, so a slow disk applies
 * back-pressure to the source) instead of collecting it: streamed input is never held whole.
 * An error from the source or from `onChunk` propagates unchanged.
 */
export async function hashContent({
  content,
  onChunk,
}: {
  content: BlobContent;
  onChunk: (chunk: Uint8Array) => Promise<void> | void;
}): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const chunks: AsyncIterable<unknown> | Iterable<unknown> =
    content.bytes !== undefined ? [content.bytes] : content.stream;
  for await (const chunk of chunks) {
    // A stream in string mode would be hashed as UTF-8 and silently change binary content.
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('Blob content streams must yield bytes (Buffer or Uint8Array).');
    }
    hash.update(chunk);
    sizeBytes += chunk.byteLength;
    await onChunk(chunk);
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}
