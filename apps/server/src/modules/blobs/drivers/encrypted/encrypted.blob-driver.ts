import { randomUUID } from 'node:crypto';
import { link, mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createBlobNotFoundError } from '../../blobs.errors.ts';
import { hashContent } from '../../blobs.hashing.ts';
import { assertValidBlobKey, buildBlobKey, resolveByteRange } from '../../blobs.models.ts';
import type { BlobContent, BlobStore, ByteRange } from '../../blobs.types.ts';
import { createFsBlobStore, FS_BLOB_TEMP_DIR } from '../fs/fs.blob-driver.ts';
import {
  hasErrorCode,
  recoverErrorCode,
  removeQuietly,
  syncDirectories,
  writeAll,
} from '../fs/fs.files.ts';
import {
  CHUNK_OVERHEAD,
  createBlobCorruptedError,
  createChunkEncryptor,
  decryptChunk,
  DEFAULT_CHUNK_BYTES,
  HEADER_BYTES,
  isEncryptedHeader,
  keyIdOf,
  layoutOf,
  parseHeader,
  type BlobKeyring,
} from './encrypted.format.ts';

const BLOB_FILE_MODE = 0o400;

async function readExactly(handle: FileHandle, length: number, position: number) {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) {
      break;
    }
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** Opens one stored file and describes it: encrypted (with its layout and key) or legacy plaintext. */
export async function openStoredBlob({
  path,
  key,
  keyring,
}: {
  path: string;
  key: string;
  keyring: BlobKeyring;
}) {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw hasErrorCode(error, 'ENOENT') ? createBlobNotFoundError({ key, cause: error }) : error;
  });
  try {
    const { size } = await handle.stat();
    const head = await readExactly(handle, HEADER_BYTES, 0);
    if (!isEncryptedHeader(head)) {
      return { handle, encrypted: false as const, plainBytes: size };
    }
    const { keyId, chunkBytes, header } = parseHeader({ head, key });
    const dataKey = [keyring.current, ...(keyring.previous ?? [])].find((k) =>
      keyIdOf(k).equals(keyId),
    );
    if (!dataKey) {
      throw createBlobCorruptedError({
        key,
        reason: `encrypted with an unknown key ${keyId.toString('hex')}`,
      });
    }
    const layout = layoutOf({ fileBytes: size, chunkBytes });
    if (!layout) {
      throw createBlobCorruptedError({ key, reason: 'truncated' });
    }
    return {
      handle,
      encrypted: true as const,
      plainBytes: layout.plainBytes,
      chunks: layout.chunks,
      chunkBytes,
      header,
      dataKey,
      keyId,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

type OpenedBlob = Awaited<ReturnType<typeof openStoredBlob>>;

/** Decrypts the plaintext bytes [start, end] chunk by chunk, reading only the chunks that hold them. */
export async function* decryptRange({
  blob,
  key,
  range,
}: {
  blob: OpenedBlob;
  key: string;
  range: ByteRange | null;
}): AsyncGenerator<Buffer> {
  try {
    if (!blob.encrypted) {
      const stream = blob.handle.createReadStream({
        ...(range ? { start: range.start, end: range.end } : {}),
        autoClose: false,
      });
      for await (const chunk of stream) {
        yield chunk as Buffer;
      }
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? blob.plainBytes - 1;
    if (blob.plainBytes === 0 || end < start) {
      // Still authenticate the single empty chunk, so a tampered empty blob is noticed.
      const sealed = await readExactly(blob.handle, CHUNK_OVERHEAD, HEADER_BYTES);
      decryptChunk({
        key: blob.dataKey,
        header: blob.header,
        index: 0,
        last: true,
        sealed,
        blobKey: key,
      });
      return;
    }
    const first = Math.floor(start / blob.chunkBytes);
    const last = Math.floor(end / blob.chunkBytes);
    for (let index = first; index <= last; index++) {
      const offset = HEADER_BYTES + index * (blob.chunkBytes + CHUNK_OVERHEAD);
      const sealed = await readExactly(blob.handle, blob.chunkBytes + CHUNK_OVERHEAD, offset);
      const plain = decryptChunk({
        key: blob.dataKey,
        header: blob.header,
        index,
        last: index === blob.chunks - 1,
        sealed,
        blobKey: key,
      });
      const chunkStart = index * blob.chunkBytes;
      yield plain.subarray(
        Math.max(0, start - chunkStart),
        Math.min(plain.length, end - chunkStart + 1),
      );
    }
  } finally {
    await blob.handle.close();
  }
}

/**
 * The `fs` store with encryption at rest (SOHOA_BLOB_ENCRYPTION_KEY): same layout and keys (the
 * content address stays the SHA-256 of the PLAINTEXT, so deduplication and `verify` are unchanged),
 * but each file holds AES-256-GCM chunks (encrypted.format.ts). Files written before encryption was
 * turned on are still read as plaintext until `sohoa blobs rotate-key` encrypts them.
 */
export function createEncryptedFsBlobStore({
  root,
  keyring,
  chunkBytes = DEFAULT_CHUNK_BYTES,
}: {
  root: string;
  keyring: BlobKeyring;
  chunkBytes?: number;
}): BlobStore {
  const rootDir = resolve(root);
  const tempDir = join(rootDir, FS_BLOB_TEMP_DIR);
  // Existence and deletion do not depend on the content: reuse the plain driver's.
  const plain = createFsBlobStore({ root: rootDir });
  const pathOf = ({ key }: { key: string }) => {
    assertValidBlobKey({ key });
    return join(rootDir, key);
  };

  const writeTempFile = async ({ content }: { content: BlobContent }) => {
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    const tempPath = join(tempDir, `${randomUUID()}.partial`);
    const handle = await open(tempPath, 'wx', BLOB_FILE_MODE);
    try {
      try {
        const encryptor = createChunkEncryptor({
          key: keyring.current,
          chunkBytes,
          push: (bytes) => writeAll({ handle, chunk: bytes }),
        });
        const hashed = await hashContent({ content, onChunk: encryptor.write });
        await encryptor.end();
        await handle.sync();
        return { tempPath, ...hashed };
      } finally {
        await handle.close();
      }
    } catch (error) {
      await removeQuietly({ path: tempPath });
      throw error;
    }
  };

  const get: BlobStore['get'] = async ({ key, range }) => {
    const blob = await openStoredBlob({ path: pathOf({ key }), key, keyring });
    let served: ByteRange | null = null;
    try {
      served = range ? resolveByteRange({ range, sizeBytes: blob.plainBytes }) : null;
    } catch (error) {
      await blob.handle.close();
      throw error;
    }
    return {
      stream: Readable.from(decryptRange({ blob, key, range: served })),
      sizeBytes: blob.plainBytes,
      range: served,
    };
  };

  return {
    put: async (content) => {
      const { tempPath, sha256, sizeBytes } = await writeTempFile({ content });
      const { key } = buildBlobKey({ sha256 });
      const target = join(rootDir, key);
      try {
        const firstCreated = await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        const created = await link(tempPath, target).then(
          () => true,
          recoverErrorCode({ code: 'EEXIST', value: false }),
        );
        if (created || firstCreated !== undefined) {
          await syncDirectories({ dir: dirname(target), firstCreated });
        }
        return { key, sha256, sizeBytes, created };
      } finally {
        await removeQuietly({ path: tempPath });
      }
    },
    get,
    getBytes: async ({ key }) => {
      const { stream } = await get({ key });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
      }
      return { bytes: Buffer.concat(chunks) };
    },
    stat: async ({ key }) => {
      const blob = await openStoredBlob({ path: pathOf({ key }), key, keyring }).catch(
        recoverErrorCode({ code: 'blob.not_found', value: null }),
      );
      if (!blob) {
        return null;
      }
      await blob.handle.close();
      return { sizeBytes: blob.plainBytes };
    },
    exists: plain.exists,
    delete: plain.delete,
  };
}
