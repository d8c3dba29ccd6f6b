import { createHash } from 'node:crypto';
import { isDomainError } from '../shared/errors/errors.ts';
import { isValidBlobKey } from './blobs.models.ts';
import type { BlobStore } from './blobs.types.ts';
import type { BlobReference, BlobReferencesRepository } from './blobs.verify.repository.ts';

export interface BlobProblem extends BlobReference {
  problem: 'missing' | 'hash_mismatch' | 'corrupted' | 'invalid_key';
}

/**
 * `sohoa blobs verify`: re-reads every stored file the database refers to and checks it against
 * its SHA-256 (its key); with encryption, chunk authentication failures count as corrupted. Each
 * problem names the case (and volume/page) it belongs to. Shared blobs are read once.
 */
export async function verifyBlobs({
  blobStore,
  blobReferencesRepository,
  onProgress = () => undefined,
}: {
  blobStore: BlobStore;
  blobReferencesRepository: BlobReferencesRepository;
  onProgress?: (p: { checked: number; total: number }) => void;
}) {
  const { references } = await blobReferencesRepository.listReferences();
  const byKey = new Map<string, BlobReference[]>();
  for (const ref of references) {
    byKey.set(ref.key, [...(byKey.get(ref.key) ?? []), ref]);
  }
  const problems: BlobProblem[] = [];
  let checked = 0;
  for (const [key, refs] of byKey) {
    const problem = await checkBlob({ key, blobStore });
    if (problem) {
      problems.push(...refs.map((r) => ({ ...r, problem })));
    }
    checked += 1;
    onProgress({ checked, total: byKey.size });
  }
  return { ok: problems.length === 0, checkedBlobs: byKey.size, problems };
}

async function checkBlob({
  key,
  blobStore,
}: {
  key: string;
  blobStore: BlobStore;
}): Promise<BlobProblem['problem'] | null> {
  if (!isValidBlobKey({ key })) {
    return 'invalid_key';
  }
  try {
    const { stream } = await blobStore.get({ key });
    const hash = createHash('sha256');
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
    }
    return key.endsWith(hash.digest('hex')) ? null : 'hash_mismatch';
  } catch (error) {
    if (isDomainError(error) && error.code === 'blob.not_found') {
      return 'missing';
    }
    if (isDomainError(error) && error.code === 'blob.corrupted') {
      return 'corrupted';
    }
    throw error;
  }
}
