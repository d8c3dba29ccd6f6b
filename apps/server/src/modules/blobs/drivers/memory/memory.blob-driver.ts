import { Readable } from 'node:stream';
import { createBlobNotFoundError } from '../../blobs.errors.ts';
import { hashContent } from '../../blobs.hashing.ts';
import { assertValidBlobKey, buildBlobKey, resolveByteRange } from '../../blobs.models.ts';
import type { BlobStore } from '../../blobs.types.ts';

// Lets synchronous code honour the async port: a throw becomes a rejection, as in the other drivers.
const settle = <T>(run: () => T) => new Promise<T>((resolve) => resolve(run()));

/**
 * Blob store held in a Map, for tests and throwaway demos: everything is lost on restart. Same
 * contract as the fs driver. Stored bytes are copied in and out, so no caller can mutate an
 * "immutable" blob through a shared buffer.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, Buffer>();

  const read = ({ key }: { key: string }) => {
    assertValidBlobKey({ key });
    const bytes = blobs.get(key);
    if (bytes === undefined) {
      throw createBlobNotFoundError({ key });
    }
    return bytes;
  };

  const peek = ({ key }: { key: string }) => {
    assertValidBlobKey({ key });
    return blobs.get(key);
  };

  return {
    put: async (content) => {
      const chunks: Buffer[] = [];
      const { sha256, sizeBytes } = await hashContent({
        content,
        onChunk: (chunk) => void chunks.push(Buffer.from(chunk)),
      });
      const { key } = buildBlobKey({ sha256 });
      // Checked after the last await: of concurrent identical puts, exactly one creates.
      const created = !blobs.has(key);
      if (created) {
        blobs.set(key, Buffer.concat(chunks));
      }
      return { key, sha256, sizeBytes, created };
    },

    get: ({ key, range }) =>
      settle(() => {
        const bytes = read({ key });
        const served = range ? resolveByteRange({ range, sizeBytes: bytes.length }) : null;
        const slice = served ? bytes.subarray(served.start, served.end + 1) : bytes;
        const stream = Readable.from([Buffer.from(slice)], { objectMode: false });
        return { stream, sizeBytes: bytes.length, range: served };
      }),

    getBytes: ({ key }) => settle(() => ({ bytes: Buffer.from(read({ key })) })),

    stat: ({ key }) =>
      settle(() => peek({ key })).then((b) => (b ? { sizeBytes: b.length } : null)),

    exists: ({ key }) => settle(() => ({ exists: peek({ key }) !== undefined })),

    delete: ({ key }) =>
      settle(() => ({ deleted: peek({ key }) !== undefined && blobs.delete(key) })),
  };
}
