import path from 'node:path';
import { z } from 'zod';
import { blobDrivers, type BlobDriverName } from './blobs.registry.ts';

/**
 * Settings the drivers read. Kept apart from `driver` because the registry's factories are typed
 * by them, and `driver` is typed by the registry: one object would be a circular type.
 */
export const blobDriversConfig = {
  dir: {
    doc: 'Root directory of the `fs` blob store. Its `.tmp/` folder is created inside, on the same disk; back the whole directory up.',
    schema: z.string().trim().min(1),
    // Follows DATA_DIR so one variable moves the whole installation.
    default: (env: Record<string, string | undefined>) =>
      path.join(env.DATA_DIR || './data', 'blobs'),
    env: 'BLOB_DIR',
  },
} as const;

export type BlobDriversConfig = {
  [K in keyof typeof blobDriversConfig]: z.infer<(typeof blobDriversConfig)[K]['schema']>;
};

// z.enum needs a non-empty tuple; Object.keys loses the literal types, the registry guarantees them.
const blobDriverNames = Object.keys(blobDrivers) as [BlobDriverName, ...BlobDriverName[]];

/** Config keys of the blobs module, aggregated and validated once by config/config.ts. */
export const blobsConfig = {
  driver: {
    doc: 'Where originals and derived files are stored: `fs` (local disk, the default) or `memory` (tests and demos; lost on restart).',
    schema: z.enum(blobDriverNames),
    default: 'fs',
    env: 'BLOB_STORE',
  },
  ...blobDriversConfig,
} as const;

export type BlobsConfig = {
  [K in keyof typeof blobsConfig]: z.infer<(typeof blobsConfig)[K]['schema']>;
};
