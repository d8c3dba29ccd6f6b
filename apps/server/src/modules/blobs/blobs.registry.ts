import type { BlobDriversConfig } from './blobs.config.ts';
import type { BlobStore } from './blobs.types.ts';
import { createEncryptedFsBlobStore } from './drivers/encrypted/encrypted.blob-driver.ts';
import { loadBlobKeyring } from './drivers/encrypted/encrypted.keys.ts';
import { createFsBlobStore } from './drivers/fs/fs.blob-driver.ts';
import { createMemoryBlobStore } from './drivers/memory/memory.blob-driver.ts';
import { createS3BlobStore, createS3Client } from './drivers/s3/s3.blob-driver.ts';
import { createError } from '../shared/errors/errors.ts';

/** Builds a blob store from the validated config. Only the composition root calls one. */
export type BlobDriverFactory = (args: { config: BlobDriversConfig }) => BlobStore;

/** Identity helper that type-checks a driver factory where it is written (Papra `defineStorageDriver`). */
export function defineBlobDriver(factory: BlobDriverFactory): BlobDriverFactory {
  return factory;
}

/**
 * Every blob driver, by the name `BLOB_STORE` selects.
 *
 * @example
 * const blobStore = blobDrivers[config.blobs.driver]({ config: config.blobs });
 */
export const blobDrivers = {
  fs: defineBlobDriver(({ config }) => {
    const keyring = loadBlobKeyring({ config });
    return keyring
      ? createEncryptedFsBlobStore({ root: config.dir, keyring })
      : createFsBlobStore({ root: config.dir });
  }),
  memory: defineBlobDriver(() => createMemoryBlobStore()),
  s3: defineBlobDriver(({ config }) => {
    if (loadBlobKeyring({ config })) {
      throw createError({
        code: 'config.invalid',
        message:
          'Cấu hình không hợp lệ / Invalid configuration: mã hóa khối lưu trữ chỉ dành cho BLOB_STORE=fs; với S3 hãy dùng mã hóa phía máy chủ (SSE) / blob encryption is for BLOB_STORE=fs; on S3 use server-side encryption (SSE).',
      });
    }
    if (!config.s3Bucket) {
      throw createError({
        code: 'config.invalid',
        message:
          'Cấu hình không hợp lệ / Invalid configuration: BLOB_STORE=s3 cần S3_BUCKET / BLOB_STORE=s3 needs S3_BUCKET.',
      });
    }
    return createS3BlobStore({
      client: createS3Client({
        endpoint: config.s3Endpoint,
        region: config.s3Region,
        forcePathStyle: config.s3ForcePathStyle,
        accessKeyId: config.s3AccessKeyId,
        secretAccessKey: config.s3SecretAccessKey,
      }),
      bucket: config.s3Bucket,
      prefix: config.s3Prefix,
    });
  }),
} as const satisfies Record<string, BlobDriverFactory>;

export type BlobDriverName = keyof typeof blobDrivers;
