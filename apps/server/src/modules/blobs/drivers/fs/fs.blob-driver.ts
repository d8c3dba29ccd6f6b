import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createBlobNotFoundError } from '../../blobs.errors.ts';
import { hashContent } from '../../blobs.hashing.ts';
import { assertValidBlobKey, buildBlobKey, resolveByteRange } from '../../blobs.models.ts';
import type { BlobContent, BlobStore } from '../../blobs.types.ts';
import {
  hasErrorCode,
  recoverErrorCode,
  removeQuietly,
  syncDirectories,
  writeAll,
} from './fs.files.ts';

/** Temp files live inside the root so that `link` never crosses a filesystem boundary. */
export const FS_BLOB_TEMP_DIR = '.tmp';

// Originals are evidence: read-only on disk so that no tool edits one in place by accident, and
// readable by the service user only (the data dir is 0700 as well; docs/security.md).
const BLOB_FILE_MODE = 0o400;

/**
 * Blob store on the local disk (the default): `<root>/sha256/ab/cd/<sha256>`. A put streams to a
 * temp file, fsyncs it, then hard-links it into place. `link` fails with EEXIST instead of replacing
 * (unlike `rename`), so a stored blob is never overwritten and concurrent identical puts both succeed.
 */
export function createFsBlobStore({ root }: { root: string }): BlobStore {
  const rootDir = resolve(root);
  const tempDir = join(rootDir, FS_BLOB_TEMP_DIR);

  const pathOf = ({ key }: { key: string }) => {
    assertValidBlobKey({ key });
    return join(rootDir, key);
  };

  const throwNotFound =
    ({ key }: { key: string }) =>
    (error: unknown): never => {
      throw hasErrorCode(error, 'ENOENT') ? createBlobNotFoundError({ key, cause: error }) : error;
    };

  const writeTempFile = async ({ content }: { content: BlobContent }) => {
    await mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${randomUUID()}.partial`);
    const handle = await open(tempPath, 'wx', BLOB_FILE_MODE);
    try {
      try {
        const hashed = await hashContent({
          content,
          onChunk: (chunk) => writeAll({ handle, chunk }),
        });
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

  return {
    put: async (content) => {
      const { tempPath, sha256, sizeBytes } = await writeTempFile({ content });
      const { key } = buildBlobKey({ sha256 });
      const target = join(rootDir, key);
      try {
        const firstCreated = await mkdir(dirname(target), { recursive: true });
        const created = await link(tempPath, target).then(
          () => true,
          recoverErrorCode({ code: 'EEXIST', value: false }),
        );
        // The put that created the folders syncs them even if another put won the link race.
        if (created || firstCreated !== undefined) {
          await syncDirectories({ dir: dirname(target), firstCreated });
        }
        return { key, sha256, sizeBytes, created };
      } finally {
        await removeQuietly({ path: tempPath });
      }
    },

    get: async ({ key, range }) => {
      const handle = await open(pathOf({ key }), 'r').catch(throwNotFound({ key }));
      try {
        const { size } = await handle.stat();
        const served = range ? resolveByteRange({ range, sizeBytes: size }) : null;
        // The stream owns the handle from here on and closes it on end, error or destroy.
        return { stream: handle.createReadStream(served ?? {}), sizeBytes: size, range: served };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    getBytes: async ({ key }) => ({
      bytes: await readFile(pathOf({ key })).catch(throwNotFound({ key })),
    }),

    stat: async ({ key }) => {
      const stats = await stat(pathOf({ key })).catch(
        recoverErrorCode({ code: 'ENOENT', value: null }),
      );
      return stats ? { sizeBytes: stats.size } : null;
    },

    exists: async ({ key }) => {
      const stats = await stat(pathOf({ key })).catch(
        recoverErrorCode({ code: 'ENOENT', value: null }),
      );
      return { exists: stats !== null };
    },

    delete: async ({ key }) => ({
      deleted: await unlink(pathOf({ key })).then(
        () => true,
        recoverErrorCode({ code: 'ENOENT', value: false }),
      ),
    }),
  };
}
