import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeNewFile } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createPackageCorruptError, createPackageTooLargeError } from './transfer.errors.ts';
import { importCasePackage } from './transfer.import.ts';
import type { TransferDeps } from './transfer.types.ts';

export interface ReceiveDeps extends TransferDeps {
  tempDir: string;
  maxPackageBytes: number;
}

/**
 * Imports a package arriving as a stream (an HTTP body): written to a scratch file with a size
 * limit (a ZIP is read from its end, so it must be whole on disk first), imported, then removed.
 */
export async function importCasePackageFromStream({
  actor,
  unitId,
  body,
  context,
  deps,
}: {
  actor: Actor;
  unitId: string;
  body: Readable;
  context: RequestContext;
  deps: ReceiveDeps;
}) {
  await mkdir(deps.tempDir, { recursive: true });
  const zipPath = path.join(deps.tempDir, `${randomUUID()}.package.zip`);
  let sizeBytes = 0;
  const limit = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      sizeBytes += chunk.length;
      if (sizeBytes > deps.maxPackageBytes) {
        throw createPackageTooLargeError();
      }
      yield chunk;
    }
  };
  try {
    try {
      await writeNewFile({ path: zipPath, write: (output) => pipeline(body, limit, output) });
    } catch (error) {
      throw error instanceof Error && 'code' in error && error.code === 'package.too_large'
        ? error
        : createPackageCorruptError({ problem: 'upload interrupted', cause: error });
    }
    return await importCasePackage({ actor, unitId, zipPath, context, deps });
  } finally {
    await rm(zipPath, { force: true });
  }
}
