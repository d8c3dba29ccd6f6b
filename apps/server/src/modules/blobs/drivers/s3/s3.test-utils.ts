import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client, type S3ConnectionSettings } from './s3.blob-driver.ts';

/** s3rver accepts any signature made with these credentials. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * Starts an S3-compatible server (s3rver, pure JS) on a free loopback port with its data in a
 * temp folder, for tests and benches: no Docker, nothing downloaded. `close` stops it and
 * removes the folder.
 *
 * @example
 * const s3 = await startLocalS3();
 * await s3.createBucket({ bucket: 'sohoa-test' });
 */
export async function startLocalS3(): Promise<{
  endpoint: string;
  settings: S3ConnectionSettings;
  client: S3Client;
  createBucket: (args: { bucket: string }) => Promise<void>;
  close: () => Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'sohoa-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings: S3ConnectionSettings = {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    ...LOCAL_S3_CREDENTIALS,
  };
  const client = createS3Client(settings);
  return {
    endpoint,
    settings,
    client,
    createBucket: async ({ bucket }) => {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
