import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createBlobNotFoundError, createInvalidByteRangeError } from '../../blobs.errors.ts';
import { hashContent } from '../../blobs.hashing.ts';
import { assertValidBlobKey, buildBlobKey, resolveByteRange } from '../../blobs.models.ts';
import type { BlobContent, BlobStore, ByteRange } from '../../blobs.types.ts';
import { removeQuietly, writeAll } from '../fs/fs.files.ts';

/** Where an S3-compatible object store is and how to sign in to it. */
export type S3ConnectionSettings = {
  /** `http(s)://host:port` of MinIO, Ceph RGW, SeaweedFS…; unset for AWS itself. */
  endpoint?: string | undefined;
  region: string;
  /** MinIO and most self-hosted stores need path-style URLs (`host/bucket/key`). */
  forcePathStyle: boolean;
  /** Both unset: the AWS SDK's default chain (AWS_* variables, profile, instance role). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
};

/** S3 allows 10,000 parts: 16 MiB parts reach 156 GiB, far beyond any scanned volume. */
export const S3_PART_SIZE_BYTES = 16 * 1024 * 1024;
// Content up to one part is hashed in memory and sent with a single PutObject; larger streams are
// spooled to a local temp file while hashed, because the key (the hash) must be known first.
const DEFAULT_MEMORY_LIMIT_BYTES = S3_PART_SIZE_BYTES;

export function createS3Client(settings: S3ConnectionSettings): S3Client {
  const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = settings;
  return new S3Client({
    region,
    forcePathStyle,
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // The SDK's default CRC32 trailers are refused by several S3-compatible servers; integrity is
    // checked by us anyway (content addressing, `migrate-store` re-hashes every blob it copies).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** `''` or a prefix ending in `/`, so keys read `<prefix>sha256/ab/cd/<hash>` in a console. */
export function normalizeS3Prefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

type S3ErrorLike = { name?: string; $metadata?: { httpStatusCode?: number } };
const s3Status = (error: unknown) => (error as S3ErrorLike | null)?.$metadata?.httpStatusCode;
const s3Name = (error: unknown) => (error as S3ErrorLike | null)?.name;

/** A missing object, but not a missing bucket (that is a deployment error, never "no blob"). */
function isMissingObject(error: unknown): boolean {
  const name = s3Name(error);
  return (
    name === 'NoSuchKey' ||
    name === 'NotFound' ||
    (s3Status(error) === 404 && name !== 'NoSuchBucket')
  );
}

/** Another writer stored the same key first (`If-None-Match: *` refused): same content by design. */
function isAlreadyWritten(error: unknown): boolean {
  const name = s3Name(error);
  return (
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    s3Status(error) === 412
  );
}

type Staged =
  | { sha256: string; sizeBytes: number; bytes: Uint8Array; tempPath?: never }
  | { sha256: string; sizeBytes: number; tempPath: string; bytes?: never };

/**
 * Blob store on an S3-compatible object store: object `<prefix>sha256/ab/cd/<sha256>` in `bucket`.
 * A put hashes the content first (in memory up to one part, else in a local temp file), skips the
 * upload when the object already exists (HeadObject), and writes with `If-None-Match: *`, so a
 * server that supports conditional writes (AWS, recent MinIO) never overwrites an object even when
 * two machines race. Concurrent puts of one key in this process are serialised, so exactly one of
 * them reports `created`. Large content goes up as a multipart upload (`@aws-sdk/lib-storage`).
 * Reads stream the object body; a range read is a ranged GetObject (viewer tiles, resumable copies).
 */
export function createS3BlobStore({
  client,
  bucket,
  prefix = '',
  tempDir = tmpdir(),
  memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES,
  partSizeBytes = S3_PART_SIZE_BYTES,
}: {
  client: S3Client;
  bucket: string;
  prefix?: string;
  /** Local folder for spooling large streamed puts (deleted after each put). */
  tempDir?: string;
  memoryLimitBytes?: number;
  partSizeBytes?: number;
}): BlobStore & {
  /** Every blob key under the prefix, page by page (for maintenance and migrations). */
  listKeys: () => AsyncIterable<string>;
} {
  const keyPrefix = normalizeS3Prefix(prefix);
  const objectKeyOf = ({ key }: { key: string }) => {
    assertValidBlobKey({ key });
    return `${keyPrefix}${key}`;
  };
  const locks = new Map<string, Promise<void>>();

  /** Runs `task` after every earlier task of the same key in this process has finished. */
  const withKeyLock = async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    locks.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (locks.get(key) === tail) {
        locks.delete(key);
      }
    }
  };

  const stage = async (content: BlobContent): Promise<Staged> => {
    if (content.bytes !== undefined) {
      const hashed = await hashContent({ content, onChunk: () => undefined });
      return { ...hashed, bytes: content.bytes };
    }
    const chunks: Buffer[] = [];
    let buffered = 0;
    // A holder object: TypeScript does not see assignments made inside the onChunk callback.
    const spool: { file: { handle: FileHandle; path: string } | null } = { file: null };
    try {
      const hashed = await hashContent({
        content,
        onChunk: async (chunk) => {
          if (spool.file) {
            await writeAll({ handle: spool.file.handle, chunk });
            return;
          }
          chunks.push(Buffer.from(chunk));
          buffered += chunk.byteLength;
          if (buffered > memoryLimitBytes) {
            await mkdir(tempDir, { recursive: true });
            const path = join(tempDir, `sohoa-s3-${randomUUID()}.partial`);
            spool.file = { handle: await open(path, 'wx', 0o600), path };
            for (const held of chunks.splice(0)) {
              await writeAll({ handle: spool.file.handle, chunk: held });
            }
          }
        },
      });
      if (spool.file === null) {
        return { ...hashed, bytes: Buffer.concat(chunks) };
      }
      await spool.file.handle.close();
      return { ...hashed, tempPath: spool.file.path };
    } catch (error) {
      if (spool.file) {
        await spool.file.handle.close().catch(() => undefined);
        await removeQuietly({ path: spool.file.path });
      }
      throw error;
    }
  };

  const head = async ({ key }: { key: string }) => {
    try {
      const out = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: objectKeyOf({ key }) }),
      );
      return { sizeBytes: out.ContentLength ?? 0 };
    } catch (error) {
      if (isMissingObject(error)) {
        return null;
      }
      throw error;
    }
  };

  const upload = async ({ key, staged }: { key: string; staged: Staged }) => {
    const params = {
      Bucket: bucket,
      Key: objectKeyOf({ key }),
      ContentType: 'application/octet-stream',
      ContentLength: staged.sizeBytes,
      Metadata: { sha256: staged.sha256 },
      IfNoneMatch: '*',
    };
    try {
      if (staged.bytes !== undefined) {
        await client.send(new PutObjectCommand({ ...params, Body: staged.bytes }));
      } else {
        await new Upload({
          client,
          params: { ...params, Body: createReadStream(staged.tempPath) },
          partSize: partSizeBytes,
          queueSize: 4,
        }).done();
      }
      return true;
    } catch (error) {
      if (isAlreadyWritten(error)) {
        return false;
      }
      throw error;
    }
  };

  const throwReadError = ({ key, range }: { key: string; range?: ByteRange | undefined }) => {
    return async (error: unknown): Promise<never> => {
      if (isMissingObject(error)) {
        throw createBlobNotFoundError({ key, cause: error });
      }
      if (range && s3Status(error) === 416) {
        const stat = await head({ key });
        if (!stat) {
          throw createBlobNotFoundError({ key, cause: error });
        }
        throw createInvalidByteRangeError({ range, sizeBytes: stat.sizeBytes });
      }
      throw error;
    };
  };

  return {
    put: async (content) => {
      const staged = await stage(content);
      try {
        const { sha256, sizeBytes } = staged;
        const { key } = buildBlobKey({ sha256 });
        const created = await withKeyLock(key, async () =>
          (await head({ key })) === null ? upload({ key, staged }) : false,
        );
        return { key, sha256, sizeBytes, created };
      } finally {
        if (staged.tempPath !== undefined) {
          await removeQuietly({ path: staged.tempPath });
        }
      }
    },

    get: async ({ key, range }) => {
      const Key = objectKeyOf({ key });
      if (range) {
        // Validates the shape only; the size check is the server's (416), saving a HeadObject.
        resolveByteRange({ range, sizeBytes: Number.MAX_SAFE_INTEGER });
      }
      const out = await client
        .send(
          new GetObjectCommand({
            Bucket: bucket,
            Key,
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        )
        .catch(throwReadError({ key, range }));
      const stream = out.Body as Readable;
      if (!range) {
        return { stream, sizeBytes: out.ContentLength ?? 0, range: null };
      }
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(out.ContentRange ?? '');
      if (!match) {
        stream.destroy();
        throw new Error(`The S3 server ignored the Range header of ${Key}.`);
      }
      return {
        stream,
        sizeBytes: Number(match[3]),
        range: { start: Number(match[1]), end: Number(match[2]) },
      };
    },

    getBytes: async ({ key }) => {
      const out = await client
        .send(new GetObjectCommand({ Bucket: bucket, Key: objectKeyOf({ key }) }))
        .catch(throwReadError({ key }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },

    stat: ({ key }) => head({ key }),

    exists: async ({ key }) => ({ exists: (await head({ key })) !== null }),

    delete: async ({ key }) => {
      if ((await head({ key })) === null) {
        return { deleted: false };
      }
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKeyOf({ key }) }));
      return { deleted: true };
    },

    listKeys: async function* () {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: `${keyPrefix}sha256/`,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key) {
            yield object.Key.slice(keyPrefix.length);
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
