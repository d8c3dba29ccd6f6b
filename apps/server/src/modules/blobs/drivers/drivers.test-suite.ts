import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildBlobKey } from '../blobs.models.ts';
import type { BlobStore } from '../blobs.types.ts';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (value: string) => Buffer.from(value, 'utf8');

async function readAll(stream: AsyncIterable<unknown>) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** Yields `count` distinct 64 KiB chunks, each freshly allocated, and hashes them as it goes. */
function generateChunks({ count }: { count: number }) {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let index = 0; index < count; index += 1) {
      const chunk = Buffer.alloc(64 * 1024, index % 251);
      chunk.writeUInt32BE(index, 0);
      hash.update(chunk);
      // Like a network upload: chunks arrive over several turns, so concurrent work interleaves.
      await nextTurn();
      yield chunk;
    }
  }
  return { stream: chunks(), digest: () => hash.digest('hex') };
}

/** A stream that delivers some bytes and then fails, like an upload cut off midway. */
function failingStream({ before, error }: { before: Buffer; error: Error }) {
  return Readable.from(
    (async function* () {
      yield before;
      await nextTurn();
      throw error;
    })(),
  );
}

export const INVALID_BLOB_KEYS = [
  '',
  '../../etc/passwd',
  '/etc/passwd',
  `sha256/../../../etc/passwd`,
  `sha256/ab/cd/${'a'.repeat(64)}`, // prefix folders do not match the hash
  `sha256/AB/CD/ABCD${'E'.repeat(60)}`, // upper case
  `sha256/aa/aa/${'a'.repeat(64)}/../../../../.tmp/x`,
  `sha256\\aa\\aa\\${'a'.repeat(64)}`,
  `.tmp/${'a'.repeat(64)}`,
];

/**
 * The behaviour every `BlobStore` driver must have (convention 5). `createDriver` is called before
 * each test and must return an empty store.
 *
 * @example
 * runBlobStoreContract({ name: 'memory', createDriver: () => ({ blobStore: createMemoryBlobStore() }) });
 */
export function runBlobStoreContract({
  name,
  createDriver,
}: {
  name: string;
  createDriver: () => Promise<{ blobStore: BlobStore }> | { blobStore: BlobStore };
}) {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    beforeEach(async () => {
      ({ blobStore: store } = await createDriver());
    });

    it('stores bytes under a key derived from their sha256 and reads them back', async () => {
      const bytes = text('Biên bản ghi lời khai');
      const sha256 = sha256Of(bytes);
      const result = await store.put({ bytes });
      expect(result).toEqual({
        key: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
        sha256,
        sizeBytes: bytes.length,
        created: true,
      });
      const { bytes: read } = await store.getBytes({ key: result.key });
      expect(Buffer.from(read).equals(bytes)).toBe(true);
    });

    it('stores an empty blob', async () => {
      const { key, sizeBytes } = await store.put({ bytes: new Uint8Array(0) });
      expect(sizeBytes).toBe(0);
      expect(await store.stat({ key })).toEqual({ sizeBytes: 0 });
      expect((await readAll((await store.get({ key })).stream)).length).toBe(0);
    });

    it('streams a 20 MB input in chunks and hashes it exactly like node:crypto', async () => {
      const input = generateChunks({ count: 320 });
      const result = await store.put({ stream: Readable.from(input.stream) });
      expect(result.sha256).toBe(input.digest());
      expect(result.sizeBytes).toBe(320 * 64 * 1024);
      const { stream, sizeBytes } = await store.get({ key: result.key });
      expect(sizeBytes).toBe(result.sizeBytes);
      expect(sha256Of(await readAll(stream))).toBe(result.sha256);
    });

    it('accepts any async iterable of bytes as a stream', async () => {
      const input = generateChunks({ count: 3 });
      const { sha256 } = await store.put({ stream: input.stream });
      expect(sha256).toBe(input.digest());
    });

    it('returns the same key with created false for content already stored, leaving it intact', async () => {
      const bytes = text('tài liệu gốc');
      const first = await store.put({ bytes });
      const second = await store.put({ stream: Readable.from([bytes]) });
      expect(second).toEqual({ ...first, created: false });
      expect(Buffer.from((await store.getBytes({ key: first.key })).bytes).equals(bytes)).toBe(
        true,
      );
    });

    it('lets concurrent identical puts all succeed, exactly one of them creating the blob', async () => {
      const bytes = Buffer.alloc(256 * 1024, 7);
      const slowStream = () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.put({ stream: slowStream() })),
      );
      expect(new Set(results.map((r) => r.key)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const { bytes: read } = await store.getBytes({ key: results[0]!.key });
      expect(Buffer.from(read).equals(bytes)).toBe(true);
    });

    it('rethrows the error of a stream that fails midway and stores nothing', async () => {
      const before = Buffer.alloc(100_000, 1);
      const error = new Error('connection reset');
      await expect(store.put({ stream: failingStream({ before, error }) })).rejects.toBe(error);
      const { key: partialKey } = buildBlobKey({ sha256: sha256Of(before) });
      expect(await store.exists({ key: partialKey })).toEqual({ exists: false });
    });

    it('rejects a stream of strings instead of guessing their encoding', async () => {
      await expect(store.put({ stream: Readable.from(['bút lục']) })).rejects.toThrow(TypeError);
    });

    it('serves an inclusive byte range and reports the whole size', async () => {
      const { key } = await store.put({ bytes: text('0123456789') });
      const { stream, sizeBytes, range } = await store.get({ key, range: { start: 2, end: 5 } });
      expect((await readAll(stream)).toString()).toBe('2345');
      expect({ sizeBytes, range }).toEqual({ sizeBytes: 10, range: { start: 2, end: 5 } });
    });

    it('clamps a range end past the last byte, as HTTP and S3 do', async () => {
      const { key } = await store.put({ bytes: text('0123456789') });
      const { stream, range } = await store.get({ key, range: { start: 7, end: 1000 } });
      expect((await readAll(stream)).toString()).toBe('789');
      expect(range).toEqual({ start: 7, end: 9 });
    });

    it('serves the whole blob without a range', async () => {
      const { key } = await store.put({ bytes: text('0123456789') });
      const { stream, range } = await store.get({ key });
      expect((await readAll(stream)).toString()).toBe('0123456789');
      expect(range).toBeNull();
    });

    it.each([
      { start: 10, end: 12 },
      { start: 5, end: 4 },
      { start: -1, end: 3 },
      { start: 0.5, end: 3 },
    ])('rejects the unsatisfiable range %o with blob.invalid_range', async (range) => {
      const { key } = await store.put({ bytes: text('0123456789') });
      await expect(store.get({ key, range })).rejects.toMatchObject({ code: 'blob.invalid_range' });
    });

    it('reports size and existence of stored blobs', async () => {
      const { key } = await store.put({ bytes: text('abc') });
      expect(await store.stat({ key })).toEqual({ sizeBytes: 3 });
      expect(await store.exists({ key })).toEqual({ exists: true });
    });

    it('treats a missing blob as null / false for stat and exists, and blob.not_found for reads', async () => {
      const { key } = await store.put({ bytes: text('gone') });
      await store.delete({ key });
      expect(await store.stat({ key })).toBeNull();
      expect(await store.exists({ key })).toEqual({ exists: false });
      const notFound = { code: 'blob.not_found' };
      await expect(store.get({ key })).rejects.toMatchObject(notFound);
      await expect(store.get({ key, range: { start: 0, end: 1 } })).rejects.toMatchObject(notFound);
      await expect(store.getBytes({ key })).rejects.toMatchObject(notFound);
    });

    it('deletes idempotently and lets the same content be stored again afterwards', async () => {
      const bytes = text('retention');
      const { key } = await store.put({ bytes });
      expect(await store.delete({ key })).toEqual({ deleted: true });
      expect(await store.delete({ key })).toEqual({ deleted: false });
      expect(await store.put({ bytes })).toMatchObject({ key, created: true });
    });

    it.each(INVALID_BLOB_KEYS)(
      'rejects the key %j in every operation with blob.invalid_key',
      async (key) => {
        const invalid = { code: 'blob.invalid_key' };
        await expect(store.get({ key })).rejects.toMatchObject(invalid);
        await expect(store.getBytes({ key })).rejects.toMatchObject(invalid);
        await expect(store.stat({ key })).rejects.toMatchObject(invalid);
        await expect(store.exists({ key })).rejects.toMatchObject(invalid);
        await expect(store.delete({ key })).rejects.toMatchObject(invalid);
      },
    );
  });
}
