import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiClient } from '@sohoa/api-client';
import type { ExportTarget } from './export.types.ts';

/**
 * Downloads the transfer package of a case to `out`, streamed to disk (`out.part` first, renamed
 * when complete: an interrupted download never leaves a file that looks whole).
 *
 * @example
 * const { sizeBytes, sha256 } = await runPackageExport({ api, caseId, out: 'case.zip' });
 */
export async function runPackageExport({
  api,
  caseId,
  out,
}: {
  api: ApiClient;
  caseId: string;
  out: string;
}): Promise<{ path: string; sizeBytes: number; sha256: string }> {
  const { stream } = await api.downloadCasePackage(caseId);
  const partial = `${out}.part`;
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(stream), meter, createWriteStream(partial));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { path: out, sizeBytes, sha256: hash.digest('hex') };
}

/** `--package out.zip`: the whole digitized case, for another installation (`sohoa import-package`). */
export const packageTarget: ExportTarget = {
  key: 'package',
  label: { vi: 'gói chuyển giao', en: 'transfer package' },
  flags: '--package <file>',
  description:
    'gói chuyển giao toàn bộ hồ sơ (.zip) cho đơn vị khác / the whole case as a transfer package (.zip)',
  validate: () => undefined,
  run: async ({ api, caseId, value }) => {
    const {
      path: file,
      sizeBytes,
      sha256,
    } = await runPackageExport({
      api,
      caseId,
      out: path.resolve(value),
    });
    return {
      kind: 'package',
      format: 'zip',
      file,
      bytes: sizeBytes,
      sha256,
      notes: [{ vi: `SHA-256: ${sha256}`, en: `SHA-256: ${sha256}` }],
    };
  },
};
