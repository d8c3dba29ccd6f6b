import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../fs/fs.blob-driver.ts';
import { runBlobStoreContract } from '../drivers.test-suite.ts';
import { createEncryptedFsBlobStore } from './encrypted.blob-driver.ts';
import { HEADER_BYTES } from './encrypted.format.ts';
import { rotateBlobEncryptionKey } from './encrypted.rotate.ts';

let baseDir: string;
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'sohoa-enc-blobs-'));
});
afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

const KEY = randomBytes(32);
const newRoot = () => mkdtemp(join(baseDir, 'store-'));

// Small chunks so the contract's ranged reads cross many chunk boundaries.
runBlobStoreContract({
  name: 'fs + AES-256-GCM (1 KiB chunks)',
  createDriver: async () => ({
    blobStore: createEncryptedFsBlobStore({
      root: await newRoot(),
      keyring: { current: KEY },
      chunkBytes: 1024,
    }),
  }),
});
runBlobStoreContract({
  name: 'fs + AES-256-GCM (64 KiB chunks)',
  createDriver: async () => ({
    blobStore: createEncryptedFsBlobStore({ root: await newRoot(), keyring: { current: KEY } }),
  }),
});

const readAll = async (stream: AsyncIterable<unknown>) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) {
    chunks.push(Buffer.from(c as Uint8Array));
  }
  return Buffer.concat(chunks);
};

async function flipByte(path: string, position: number) {
  await chmod(path, 0o644);
  const handle = await open(path, 'r+');
  const one = Buffer.alloc(1);
  await handle.read(one, 0, 1, position);
  one[0] = one[0]! ^ 0x01;
  await handle.write(one, 0, 1, position);
  await handle.close();
}

describe('encrypted blob store', () => {
  it('stores no plaintext on disk and keys blobs by the plaintext hash', async () => {
    const root = await newRoot();
    const store = createEncryptedFsBlobStore({ root, keyring: { current: KEY }, chunkBytes: 1024 });
    const plain = Buffer.from('Biên bản ghi lời khai — bí mật '.repeat(200));
    const { key, sha256 } = await store.put({ bytes: plain });
    const plainStore = createFsBlobStore({ root: await newRoot() });
    expect((await plainStore.put({ bytes: plain })).key).toBe(key);
    const onDisk = await readFile(join(root, key));
    expect(onDisk.includes(Buffer.from('bí mật'))).toBe(false);
    expect(onDisk.subarray(0, 8).toString()).toBe('SOHOAENC');
    expect(key.endsWith(sha256)).toBe(true);
    expect(await store.stat({ key })).toEqual({ sizeBytes: plain.length });
  });

  it('a flipped byte, a dropped last chunk or a wrong key gives a clear blob.corrupted error', async () => {
    const root = await newRoot();
    const store = createEncryptedFsBlobStore({ root, keyring: { current: KEY }, chunkBytes: 1024 });
    const plain = randomBytes(5000);
    const { key } = await store.put({ bytes: plain });
    const path = join(root, key);
    const original = await readFile(path);

    await flipByte(path, HEADER_BYTES + 1024 + 28 + 40); // inside chunk 1
    await expect(store.getBytes({ key })).rejects.toMatchObject({
      code: 'blob.corrupted',
      details: { key, reason: 'chunk 1 failed authentication' },
    });
    // A range in an untouched chunk still reads; a range over the bad chunk fails.
    const { stream } = await store.get({ key, range: { start: 0, end: 99 } });
    expect((await readAll(stream)).equals(plain.subarray(0, 100))).toBe(true);
    await expect(
      store.get({ key, range: { start: 1100, end: 1200 } }).then(({ stream: s }) => readAll(s)),
    ).rejects.toMatchObject({ code: 'blob.corrupted' });

    // Truncated to whole chunks: the new last chunk was not sealed as last.
    await writeFile(path, original.subarray(0, HEADER_BYTES + 2 * (1024 + 28)));
    await expect(store.getBytes({ key })).rejects.toMatchObject({ code: 'blob.corrupted' });

    await writeFile(path, original);
    const wrongKey = createEncryptedFsBlobStore({ root, keyring: { current: randomBytes(32) } });
    await expect(wrongKey.getBytes({ key })).rejects.toMatchObject({ code: 'blob.corrupted' });
    expect((await store.getBytes({ key })).bytes).toEqual(plain);
  });

  it('rotate-key re-encrypts every blob (plaintext ones too), resumably, and old readers need the old key', async () => {
    const root = await newRoot();
    const legacy = createFsBlobStore({ root });
    const legacyPlain = Buffer.from('written before encryption was enabled');
    const { key: legacyKey } = await legacy.put({ bytes: legacyPlain });
    const oldStore = createEncryptedFsBlobStore({
      root,
      keyring: { current: KEY },
      chunkBytes: 1024,
    });
    const blobs = await Promise.all(
      [randomBytes(10), randomBytes(3000), Buffer.alloc(0)].map(async (bytes) => ({
        bytes,
        ...(await oldStore.put({ bytes })),
      })),
    );
    // Plaintext written before encryption stays readable through the encrypted store.
    expect(Buffer.from((await oldStore.getBytes({ key: legacyKey })).bytes)).toEqual(legacyPlain);

    const NEW = randomBytes(32);
    // A first run that "crashes" after one blob: the callback throws.
    let seen = 0;
    await expect(
      rotateBlobEncryptionKey({
        root,
        keyring: { current: KEY },
        newKey: NEW,
        onProgress: () => {
          seen += 1;
          if (seen === 1) {
            throw new Error('crash');
          }
        },
      }),
    ).rejects.toThrow('crash');
    const rerun = await rotateBlobEncryptionKey({ root, keyring: { current: KEY }, newKey: NEW });
    expect(rerun).toEqual({ rotated: 3, skipped: 1 });
    expect(await rotateBlobEncryptionKey({ root, keyring: { current: KEY }, newKey: NEW })).toEqual(
      {
        rotated: 0,
        skipped: 4,
      },
    );
    expect(await readdir(join(root, '.tmp'))).toEqual([]);

    const newStore = createEncryptedFsBlobStore({ root, keyring: { current: NEW } });
    for (const b of blobs) {
      expect(Buffer.from((await newStore.getBytes({ key: b.key })).bytes)).toEqual(b.bytes);
      await expect(oldStore.getBytes({ key: b.key })).rejects.toMatchObject({
        code: 'blob.corrupted',
      });
    }
    expect(Buffer.from((await newStore.getBytes({ key: legacyKey })).bytes)).toEqual(legacyPlain);
    expect((await readFile(join(root, legacyKey))).includes(legacyPlain)).toBe(false);
  });
});
