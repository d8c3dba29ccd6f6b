import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiClient } from '@sohoa/api-client';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

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
    await pipeline(
      // DOM and node:stream/web declare two ReadableStream types for the same object.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      Readable.fromWeb(stream as Parameters<typeof Readable.fromWeb>[0]),
      meter,
      createWriteStream(partial),
    );
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { path: out, sizeBytes, sha256: hash.digest('hex') };
}

/** `sohoa export-package <caseId> --out case.zip`: the whole digitized case for another installation. */
export function registerExportPackageCommand({
  program,
  ctx,
}: {
  program: Command;
  ctx: CliContext;
}) {
  program
    .command('export-package')
    .description(
      'xuất gói chuyển giao hồ sơ (ZIP) / export the case transfer package (ZIP) for another installation',
    )
    .argument('<caseId>')
    .requiredOption('--out <file.zip>', 'tệp ZIP ghi ra / ZIP file to write')
    .action(async (caseId: string, options: { out: string }) => {
      const { api } = await ctx.createApi();
      ctx.note({ vi: `Đang xuất gói hồ sơ ${caseId}…`, en: `Exporting the package of ${caseId}…` });
      const result = await runPackageExport({ api, caseId, out: options.out });
      ctx.output(result, () =>
        ctx.say({
          vi: `Đã ghi ${result.path} (${result.sizeBytes} byte, SHA-256 ${result.sha256}).`,
          en: `Wrote ${result.path} (${result.sizeBytes} bytes, SHA-256 ${result.sha256}).`,
        }),
      );
    });
}
