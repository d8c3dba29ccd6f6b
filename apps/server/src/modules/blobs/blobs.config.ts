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
  s3Endpoint: {
    doc: 'S3 store (BLOB_STORE=s3): URL of an S3-compatible server such as MinIO (`https://minio.internal:9000`). Unset for AWS S3 itself.',
    schema: z.string().trim().url().optional(),
    env: 'S3_ENDPOINT',
  },
  s3Region: {
    doc: 'S3 store: region. MinIO accepts any value; keep the default unless the server sets one.',
    schema: z.string().trim().min(1),
    default: 'us-east-1',
    env: 'S3_REGION',
  },
  s3Bucket: {
    doc: 'S3 store: bucket holding the blobs (created beforehand, see docs/deployment-s3.md). Required when BLOB_STORE=s3.',
    schema: z.string().trim().min(3).max(63).optional(),
    env: 'S3_BUCKET',
  },
  s3Prefix: {
    doc: 'S3 store: key prefix inside the bucket (e.g. the unit code), so several installations can share one bucket.',
    schema: z.string().trim(),
    default: '',
    env: 'S3_PREFIX',
  },
  s3AccessKeyId: {
    doc: 'S3 store: access key id. Unset with S3_SECRET_ACCESS_KEY: the AWS SDK default chain (AWS_ACCESS_KEY_ID, profile, instance role).',
    schema: z.string().optional(),
    env: 'S3_ACCESS_KEY_ID',
  },
  s3SecretAccessKey: {
    doc: 'S3 store: secret access key. Never logged; prefer a file readable by the service user only (systemd EnvironmentFile).',
    // Accepts any string so a bad value can never be echoed in a configuration error.
    schema: z.string().optional(),
    env: 'S3_SECRET_ACCESS_KEY',
  },
  s3ForcePathStyle: {
    doc: 'S3 store: true for path-style URLs (host/bucket/key), needed by MinIO and most self-hosted servers; false for virtual-hosted AWS buckets.',
    schema: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
    default: 'true',
    env: 'S3_FORCE_PATH_STYLE',
  },
  encryptionKey: {
    doc: 'Encryption at rest of the `fs` store (AES-256-GCM): a 32-byte key, base64 (`openssl rand -base64 32`). Prefer SOHOA_BLOB_ENCRYPTION_KEY_FILE. Unset: blobs are stored in clear. Never logged. See docs/security.md.',
    // Any string, so a bad value is never echoed in a configuration error; checked by the driver.
    schema: z.string().optional(),
    env: 'SOHOA_BLOB_ENCRYPTION_KEY',
  },
  encryptionKeyFile: {
    doc: 'A file (mode 0600, owned by the service user) holding the base64 encryption key; used when SOHOA_BLOB_ENCRYPTION_KEY is unset.',
    schema: z.string().trim().min(1).optional(),
    env: 'SOHOA_BLOB_ENCRYPTION_KEY_FILE',
  },
  previousEncryptionKeyFiles: {
    doc: 'Comma-separated key files still accepted for reading, during and after `sohoa blobs rotate-key`.',
    schema: z.string().transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    default: '',
    env: 'SOHOA_BLOB_ENCRYPTION_PREVIOUS_KEY_FILES',
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
    doc: 'Where originals and derived files are stored: `fs` (local disk, the default), `s3` (an S3-compatible object store such as MinIO: see the S3_* keys) or `memory` (tests and demos; lost on restart).',
    schema: z.enum(blobDriverNames),
    default: 'fs',
    env: 'BLOB_STORE',
  },
  ...blobDriversConfig,
} as const;

export type BlobsConfig = {
  [K in keyof typeof blobsConfig]: z.infer<(typeof blobsConfig)[K]['schema']>;
};
