import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, open, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isValidBlobKey } from '../../blobs.models.ts';
import { FS_BLOB_TEMP_DIR } from '../fs/fs.blob-driver.ts';
import { removeQuietly, syncDirectories, writeAll } from '../fs/fs.files.ts';
import { decryptRange, openStoredBlob } from './encrypted.blob-driver.ts';
import {
  createBlobCorruptedError,
  createChunkEncryptor,
  DEFAULT_CHUNK_BYTES,
  keyIdOf,
  type BlobKeyring,
} from './encrypted.format.ts';

async function* blobKeysUnder(rootDir: string): AsyncGenerator<string> {
  const top = join(rootDir, 'sha256');
  const level = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory());
  for (const a of await level(top)) {
    for (const b of await level(join(top, a.name))) {
      const dir = join(top, a.name, b.name);
      for (const file of await readdir(dir, { withFileTypes: true })) {
        const key = `sha256/${a.name}/${b.name}/${file.name}`;
        if (file.isFile() && isValidBlobKey({ key })) {
          yield key;
        }
      }
    }
  }
}

/**
 * `sohoa blobs rotate-key`: re-encrypts every blob of the disk store under `newKey` (plaintext
 * blobs written before encryption was enabled are encrypted too). Crash-safe and resumable: each
 * blob is decrypted and checked against its SHA-256 (its name), written to a temp file, fsynced,
 * then atomically renamed over the old file; blobs already under the new key are skipped, so an
 * interrupted run simply runs again. Readers need both keys meanwhile (SOHOA_BLOB_ENCRYPTION_KEY =
 * new key, SOHOA_BLOB_ENCRYPTION_PREVIOUS_KEY_FILES = old key files).
 */
export async function rotateBlobEncryptionKey({
  root,
  keyring,
  newKey,
  chunkBytes = DEFAULT_CHUNK_BYTES,
  onProgress = () => undefined,
}: {
  root: string;
  /** Every key the existing blobs may use (the current and previous ones). */
  keyring: BlobKeyring;
  newKey: Buffer;
  chunkBytes?: number;
  onProgress?: (p: { key: string; action: 'rotated' | 'skipped' }) => void;
}) {
  const rootDir = resolve(root);
  const tempDir = join(rootDir, FS_BLOB_TEMP_DIR);
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const readKeys: BlobKeyring = {
    current: newKey,
    previous: [keyring.current, ...(keyring.previous ?? [])],
  };
  const newKeyId = keyIdOf(newKey);
  let rotated = 0;
  let skipped = 0;
  for await (const key of blobKeysUnder(rootDir)) {
    const path = join(rootDir, key);
    const blob = await openStoredBlob({ path, key, keyring: readKeys });
    if (blob.encrypted && blob.keyId.equals(newKeyId)) {
      await blob.handle.close();
      skipped += 1;
      onProgress({ key, action: 'skipped' });
      continue;
    }
    const tempPath = join(tempDir, `${randomUUID()}.rotate`);
    const out = await open(tempPath, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      const encryptor = createChunkEncryptor({
        key: newKey,
        chunkBytes,
        push: (bytes) => writeAll({ handle: out, chunk: bytes }),
      });
      for await (const plain of decryptRange({ blob, key, range: null })) {
        hash.update(plain);
        await encryptor.write(plain);
      }
      await encryptor.end();
      if (hash.digest('hex') !== basename(key)) {
        throw createBlobCorruptedError({ key, reason: 'content does not match its SHA-256' });
      }
      await out.sync();
      await out.close();
      await chmod(tempPath, 0o400);
      await rename(tempPath, path);
      await syncDirectories({ dir: dirname(path) });
    } catch (error) {
      await out.close().catch(() => undefined);
      await removeQuietly({ path: tempPath });
      throw error;
    }
    rotated += 1;
    onProgress({ key, action: 'rotated' });
  }
  return { rotated, skipped };
}
