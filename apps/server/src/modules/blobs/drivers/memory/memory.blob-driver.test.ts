import { describe, expect, it } from 'vitest';
import { runBlobStoreContract } from '../drivers.test-suite.ts';
import { createMemoryBlobStore } from './memory.blob-driver.ts';

runBlobStoreContract({
  name: 'memory',
  createDriver: () => ({ blobStore: createMemoryBlobStore() }),
});

describe('memory blob driver', () => {
  it('keeps a stored blob intact when the caller mutates the buffers it passed in or got back', async () => {
    const store = createMemoryBlobStore();
    const bytes = Buffer.from('original');
    const { key } = await store.put({ bytes });
    bytes.fill(0);
    (await store.getBytes({ key })).bytes.fill(0);
    expect(Buffer.from((await store.getBytes({ key })).bytes).toString()).toBe('original');
  });
});
