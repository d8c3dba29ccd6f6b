import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, open, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDependencies, seedUnitWithClerk } from '../app/server.test-utils.ts';
import { createCase } from '../cases/cases.usecases.ts';
import { createTestDatabase } from '../database/database.test-utils.ts';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { createEncryptedFsBlobStore } from './drivers/encrypted/encrypted.blob-driver.ts';
import { createBlobReferencesRepository } from './blobs.verify.repository.ts';
import { verifyBlobs } from './blobs.verify.usecases.ts';

/*
 * `sohoa blobs verify` on a real database and an encrypted disk store: a flipped byte in one page
 * image and a deleted source file are reported with their case, volume and page.
 */
let root: string;
let close: () => Promise<void>;
let db: Db;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-verify-'));
  ({ db, close } = await createTestDatabase());
});
afterAll(async () => {
  await close();
  await rm(root, { recursive: true, force: true });
});

describe('blobs verify', () => {
  it('names the case and page of a corrupted blob, and the case of a missing one', async () => {
    const blobStore = createEncryptedFsBlobStore({
      root,
      keyring: { current: randomBytes(32) },
      chunkBytes: 1024,
    });
    const deps = { ...createTestDependencies({ db }), blobStore };
    const { actor } = await seedUnitWithClerk({ deps });
    const { case: created } = await createCase({
      actor,
      body: { title: 'Vụ kiểm tra tệp', kind: 'criminal', internalNumber: '12/2026' },
      context: SYSTEM_CONTEXT,
      deps,
    });
    const source = await blobStore.put({ bytes: randomBytes(3000) });
    const images = await Promise.all([1, 2].map(() => blobStore.put({ bytes: randomBytes(5000) })));
    // The viewer's display image of page 1 and a video attached to the exhibit list.
    const display = await blobStore.put({ bytes: randomBytes(4000) });
    const video = await blobStore.put({ bytes: randomBytes(2500) });
    const { volume } = await deps.volumesRepository.create({
      caseId: created.id,
      number: 1,
      title: null,
    });
    const sourceId = generateId({ prefix: 'src' });
    await db
      .insertInto('source_files')
      .values({
        id: sourceId,
        case_id: created.id,
        volume_id: volume.id,
        sha256: source.sha256,
        blob_key: source.key,
        original_name: 'tap1.pdf',
        media_type: 'application/pdf',
        size_bytes: source.sizeBytes,
      })
      .execute();
    const pageIds: string[] = [];
    for (const [i, image] of images.entries()) {
      const id = generateId({ prefix: 'pg' });
      pageIds.push(id);
      await db
        .insertInto('pages')
        .values({
          id,
          case_id: created.id,
          volume_id: volume.id,
          source_file_id: sourceId,
          source_index: i,
          seq: i + 1,
          status: 'DONE',
          original_blob_key: image.key,
          display_blob_key: i === 0 ? display.key : null,
        })
        .execute();
    }
    await db
      .insertInto('exhibits')
      .values({
        id: generateId({ prefix: 'exh' }),
        case_id: created.id,
        position: 1,
        kind: 'MEDIA',
        label: 'Video',
        media_blob_key: video.key,
        media_content_type: 'video/mp4',
        media_size_bytes: 2500,
        media_file_name: 'camera.mp4',
        created_by: actor.userId,
      })
      .execute();
    const blobReferencesRepository = createBlobReferencesRepository({ db });
    expect(await verifyBlobs({ blobStore, blobReferencesRepository })).toEqual({
      ok: true,
      checkedBlobs: 5,
      problems: [],
    });

    const file = path.join(root, images[1]!.key);
    await chmod(file, 0o600);
    const handle = await open(file, 'r+');
    const original = Buffer.alloc(1);
    await handle.read(original, 0, 1, 2000);
    await handle.write(Buffer.from([original[0]! ^ 0xff]), 0, 1, 2000);
    await handle.close();
    await unlink(path.join(root, source.key));
    for (const key of [display.key, video.key]) {
      const damaged = path.join(root, key);
      await chmod(damaged, 0o600);
      const h = await open(damaged, 'r+');
      const byte = Buffer.alloc(1);
      await h.read(byte, 0, 1, 100);
      await h.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 100);
      await h.close();
    }

    const result = await verifyBlobs({ blobStore, blobReferencesRepository });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          problem: 'missing',
          kind: 'source',
          caseId: created.id,
          sourceName: 'tap1.pdf',
        }),
        expect.objectContaining({
          problem: 'corrupted',
          kind: 'page_original',
          caseId: created.id,
          caseTitle: 'Vụ kiểm tra tệp',
          internalNumber: '12/2026',
          pageId: pageIds[1],
          volume: 1,
          seq: 2,
        }),
      ]),
    );
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ problem: 'corrupted', kind: 'page_display', pageId: pageIds[0] }),
        expect.objectContaining({
          problem: 'corrupted',
          kind: 'exhibit_media',
          caseId: created.id,
          sourceName: 'camera.mp4',
        }),
      ]),
    );
    expect(result.problems).toHaveLength(4);
  });
});
