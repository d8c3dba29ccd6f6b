import type { BlobStore } from '../blobs/blobs.types.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { TransferRepository } from './transfer.repository.ts';

/** What the transfer use cases need (a subset of the server dependencies). */
export interface TransferDeps extends CasesDeps {
  blobStore: BlobStore;
  pagesRepository: PagesRepository;
  transferRepository: TransferRepository;
  settings: { version: string };
}
