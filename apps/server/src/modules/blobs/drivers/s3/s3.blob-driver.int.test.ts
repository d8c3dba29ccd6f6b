import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobDrivers } from '../../blobs.registry.ts';
import { parseConfig } from '../../../config/config.ts';
import { runBlobStoreContract } from '../drivers.test-suite.ts';
import { createS3BlobStore, createS3Client, normalizeS3Prefix } from './s3.blob-driver.ts';
import { startLocalS3 } from './s3.test-utils.ts';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: AsyncIterable<unknown>) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

let s3: Awaited<ReturnType<typeof startLocalS3>>;
let spoolDir: string;
const BUCKET = 'sohoa-blobs';

beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket({ bucket: BUCKET });
  spoolDir = await mkdtemp(join(tmpdir(), 'sohoa-s3-spool-'));
});
afterAll(async () => {
  await s3?.close();
  await rm(spoolDir, { recursive: true, force: true });
});

// Each test gets its own prefix in the one bucket: an empty store, as the contract requires.
const createStore = (options: { memoryLimitBytes?: number; partSizeBytes?: number } = {}) => {
  const prefix = `t-${randomUUID()}`;
  return {
    prefix,
    blobStore: createS3BlobStore({
      client: s3.client,
      bucket: BUCKET,
      prefix,
      tempDir: spoolDir,
      ...options,
    }),
  };
};

runBlobStoreContract({ name: 's3 (s3rver)', createDriver: () => createStore() });

// The same contract with the multipart path forced for everything over 1 MiB (the 20 MB test).
runBlobStoreContract({
  name: 's3 (s3rver), multipart over 1 MiB',
  createDriver: () =>
    createStore({ memoryLimitBytes: 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 }),
});

describe('s3 blob driver', () => {
  it('uploads a 12 MiB stream as a multipart upload from a spooled file, and cleans the spool', async () => {
    // A client of its own that records every S3 operation it sends.
    const client = createS3Client(s3.settings);
    const commands: string[] = [];
    client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const prefix = `t-${randomUUID()}`;
    const blobStore = createS3BlobStore({
      client,
      bucket: BUCKET,
      prefix,
      tempDir: spoolDir,
      memoryLimitBytes: 1024 * 1024,
      partSizeBytes: 5 * 1024 * 1024,
    });
    const hash = createHash('sha256');
    async function* chunks() {
      for (let index = 0; index < 192; index += 1) {
        const chunk = Buffer.alloc(64 * 1024, index % 251);
        chunk.writeUInt32BE(index, 0);
        hash.update(chunk);
        await nextTurn();
        yield chunk;
      }
    }
    const result = await blobStore.put({ stream: Readable.from(chunks()) });
    expect(result.sha256).toBe(hash.digest('hex'));
    expect(result.sizeBytes).toBe(12 * 1024 * 1024);
    // 12 MiB in 5 MiB parts: three parts, after a HeadObject that found nothing.
    expect(commands).toEqual([
      'HeadObjectCommand',
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
    ]);
    const headed = await s3.client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${result.key}` }),
    );
    expect(headed.ContentLength).toBe(12 * 1024 * 1024);
    expect(headed.Metadata).toMatchObject({ sha256: result.sha256 });
    const { stream } = await blobStore.get({ key: result.key });
    expect(sha256Of(await readAll(stream))).toBe(result.sha256);
    expect(await readdir(spoolDir)).toEqual([]);
    // Storing it again only asks whether it is there: nothing is uploaded twice.
    commands.length = 0;
    expect(
      await blobStore.put({ bytes: (await blobStore.getBytes({ key: result.key })).bytes }),
    ).toMatchObject({ created: false });
    expect(commands).toEqual(['GetObjectCommand', 'HeadObjectCommand']);
    client.destroy();
  });

  it('serves a range from the middle of a multipart object without reading the rest', async () => {
    const { blobStore } = createStore({
      memoryLimitBytes: 1024 * 1024,
      partSizeBytes: 5 * 1024 * 1024,
    });
    const bytes = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4) {
      bytes.writeUInt32BE(i, i);
    }
    const { key } = await blobStore.put({ stream: Readable.from([bytes]) });
    const start = 5 * 1024 * 1024 - 10; // across the boundary of parts 1 and 2
    const { stream, sizeBytes, range } = await blobStore.get({
      key,
      range: { start, end: start + 99 },
    });
    expect({ sizeBytes, range }).toEqual({
      sizeBytes: bytes.length,
      range: { start, end: start + 99 },
    });
    expect((await readAll(stream)).equals(bytes.subarray(start, start + 100))).toBe(true);
  });

  it('leaves nothing in the bucket or the spool when a large stream fails midway', async () => {
    const { blobStore, prefix } = createStore({ memoryLimitBytes: 64 * 1024 });
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(200_000, 1);
        await nextTurn();
        throw new Error('scanner unplugged');
      })(),
    );
    await expect(blobStore.put({ stream: failing })).rejects.toThrow('scanner unplugged');
    expect(await readdir(spoolDir)).toEqual([]);
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }),
    );
    expect(listed.Contents ?? []).toEqual([]);
  });

  it('stores objects under <prefix>/sha256/ab/cd/<hash> and lists them back as blob keys', async () => {
    const { blobStore, prefix } = createStore();
    const a = await blobStore.put({ bytes: Buffer.from('bút lục 1') });
    const b = await blobStore.put({ bytes: Buffer.from('bút lục 2') });
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${a.key}` }),
    );
    expect(await object.Body?.transformToString()).toBe('bút lục 1');
    const listed: string[] = [];
    for await (const key of blobStore.listKeys()) {
      listed.push(key);
    }
    expect(listed.sort()).toEqual([a.key, b.key].sort());
  });

  it('maps a missing bucket to an error, never to "blob not found"', async () => {
    const store = createS3BlobStore({ client: s3.client, bucket: 'no-such-bucket' });
    const { key } = await createStore().blobStore.put({ bytes: Buffer.from('x') });
    await expect(store.getBytes({ key })).rejects.not.toMatchObject({ code: 'blob.not_found' });
  });

  it('normalises prefixes', () => {
    expect(['', '/', 'unit-01', '/unit-01/', 'a/b/'].map(normalizeS3Prefix)).toEqual([
      '',
      '',
      'unit-01/',
      'unit-01/',
      'a/b/',
    ]);
  });

  it('is selected by BLOB_STORE=s3 with the S3_* settings, and refuses a missing bucket', async () => {
    const env = {
      BLOB_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      S3_PREFIX: `cfg-${randomUUID()}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const { blobs } = parseConfig({ env });
    expect(blobs).toMatchObject({ driver: 's3', s3ForcePathStyle: true, s3Region: 'us-east-1' });
    const store = blobDrivers.s3({ config: blobs });
    const { key } = await store.put({ bytes: Buffer.from('cấu hình') });
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${env.S3_PREFIX}/${key}` }),
    );
    expect(head.ContentLength).toBe(Buffer.byteLength('cấu hình'));
    const withoutBucket = parseConfig({ env: { ...env, S3_BUCKET: '' } }).blobs;
    expect(() => blobDrivers.s3({ config: withoutBucket })).toThrow(/S3_BUCKET/);
  });
});
