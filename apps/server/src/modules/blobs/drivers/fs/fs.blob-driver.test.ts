import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../blobs.types.ts';
import { runBlobStoreContract } from '../drivers.test-suite.ts';
import { createFsBlobStore, FS_BLOB_TEMP_DIR } from './fs.blob-driver.ts';

let baseDir: string;
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'sohoa-blobs-'));
});
afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

const createStore = async () => {
  const root = await mkdtemp(join(baseDir, 'store-'));
  return { root, blobStore: createFsBlobStore({ root }) };
};

runBlobStoreContract({ name: 'fs', createDriver: createStore });

describe('fs blob driver', () => {
  let root: string;
  let store: BlobStore;
  beforeEach(async () => {
    ({ root, blobStore: store } = await createStore());
  });
  const tempEntries = () => readdir(join(root, FS_BLOB_TEMP_DIR));

  it('writes blobs read-only, since originals are immutable', async () => {
    const { key } = await store.put({ bytes: Buffer.from('bản gốc') });
    expect((await stat(join(root, key))).mode & 0o777).toBe(0o400);
  });

  it('lays blobs out as <root>/<key> so the directory can be inspected and backed up', async () => {
    const { key, sizeBytes } = await store.put({ bytes: Buffer.from('layout') });
    expect(key).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    expect((await stat(join(root, key))).size).toBe(sizeBytes);
  });

  it('never rewrites the file of a blob that is stored again', async () => {
    const bytes = Buffer.from('same content');
    const { key } = await store.put({ bytes });
    const before = await stat(join(root, key));
    await store.put({ bytes });
    const after = await stat(join(root, key));
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({
      ino: before.ino,
      mtimeMs: before.mtimeMs,
    });
  });

  it('leaves nothing in .tmp after successful and duplicate puts', async () => {
    await store.put({ bytes: Buffer.from('a') });
    await Promise.all([1, 2, 3].map(() => store.put({ bytes: Buffer.from('b') })));
    expect(await tempEntries()).toEqual([]);
  });

  it('leaves nothing in .tmp after a stream fails midway', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(10_000, 3);
        await nextTurn();
        throw new Error('client went away');
      })(),
    );
    await expect(store.put({ stream: failing })).rejects.toThrow('client went away');
    expect(await tempEntries()).toEqual([]);
    expect(await readdir(root)).toEqual([FS_BLOB_TEMP_DIR]);
  });

  it('creates the root directory on first put', async () => {
    const nested = createFsBlobStore({ root: join(root, 'not', 'yet') });
    const { key } = await nested.put({ bytes: Buffer.from('x') });
    expect(await nested.exists({ key })).toEqual({ exists: true });
  });
});
