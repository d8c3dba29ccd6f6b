import type { BlobDriversConfig } from './blobs.config.ts';
import type { BlobStore } from './blobs.types.ts';
import { createFsBlobStore } from './drivers/fs/fs.blob-driver.ts';
import { createMemoryBlobStore } from './drivers/memory/memory.blob-driver.ts';

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
  fs: defineBlobDriver(({ config }) => createFsBlobStore({ root: config.dir })),
  memory: defineBlobDriver(() => createMemoryBlobStore()),
} as const satisfies Record<string, BlobDriverFactory>;

export type BlobDriverName = keyof typeof blobDrivers;
