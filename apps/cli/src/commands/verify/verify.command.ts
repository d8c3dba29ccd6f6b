import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareWithManifest, readCasePdfPages, type ManifestMismatch } from '@sohoa/processing';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError } from '../../cli.errors.ts';

/** SHA-256 and size of a file, read as a stream (a case file can be several GB). */
async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    const b = chunk as Buffer;
    bytes += b.byteLength;
    hash.update(b);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Checks an exported PDF against its manifest, locally: hash and size of the bytes, then page
 * count and page labels as the project's own PDF reader finds them. No server needed.
 */
export async function verifyExport({
  pdf,
  manifestPath,
}: {
  pdf: string;
  manifestPath: string;
}): Promise<{
  mismatches: ManifestMismatch[];
  sha256: string;
  bytes: number;
  pages: number | null;
}> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new CliError({
      message: [
        `Không đọc được tệp kê khai ${manifestPath} (${(error as NodeJS.ErrnoException).code ?? 'lỗi'}). Dùng --manifest <tệp> để chỉ định.`,
        `Cannot read the manifest ${manifestPath} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Use --manifest <file> to name it.`,
      ].join('\n'),
      cause: error,
    });
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new CliError({
      message: [
        `Tệp kê khai ${manifestPath} không phải JSON hợp lệ.`,
        `The manifest ${manifestPath} is not valid JSON.`,
      ].join('\n'),
      cause: error,
    });
  }
  let measured: { sha256: string; bytes: number };
  try {
    measured = await hashFile(pdf);
  } catch (error) {
    throw new CliError({
      message: [
        `Không đọc được tệp PDF ${pdf} (${(error as NodeJS.ErrnoException).code ?? 'lỗi'}).`,
        `Cannot read the PDF ${pdf} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      ].join('\n'),
      cause: error,
    });
  }
  let read: { pageCount: number; labels: string[] } | null = null;
  try {
    read = readCasePdfPages({ path: pdf });
  } catch (error) {
    read = null;
    const reason = (error as Error).message;
    const { mismatches } = compareWithManifest({
      manifest,
      actual: { ...measured, pageCount: -1, labels: [] },
    });
    return {
      ...measured,
      pages: null,
      mismatches: [
        ...mismatches.filter((m) => m.field !== 'pages'),
        {
          field: 'pages',
          vi: `Không đọc được cấu trúc PDF: ${reason}`,
          en: `The PDF structure cannot be read: ${reason}`,
        },
      ],
    };
  }
  const { mismatches } = compareWithManifest({
    manifest,
    actual: { ...measured, pageCount: read.pageCount, labels: read.labels },
  });
  return { ...measured, pages: read.pageCount, mismatches };
}

/** `sohoa verify <export.pdf> [--manifest m.json]`: exit 0 "hợp lệ / valid", 1 naming each mismatch. */
export function registerVerifyCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('verify')
    .description(
      'kiểm tra tệp PDF xuất ra với tệp kê khai (không cần máy chủ) / check an exported PDF against its manifest (offline)',
    )
    .argument('<pdf>', 'tệp PDF đã xuất / the exported PDF')
    .option('--manifest <file>', 'tệp kê khai (mặc định <pdf>.manifest.json) / manifest file')
    .action(async (pdf: string, options: { manifest?: string }) => {
      const file = path.resolve(pdf);
      const manifestPath = path.resolve(options.manifest ?? `${pdf}.manifest.json`);
      const result = await verifyExport({ pdf: file, manifestPath });
      if (result.mismatches.length > 0) {
        throw new CliError({
          message: [
            ctx.say({
              vi: `KHÔNG hợp lệ: ${file} không khớp với tệp kê khai ${manifestPath}`,
              en: `NOT valid: ${file} does not match the manifest ${manifestPath}`,
            }),
            ...result.mismatches.map((m) => `  - ${ctx.say(m)}`),
          ].join('\n'),
        });
      }
      ctx.output(
        {
          valid: true,
          file,
          manifest: manifestPath,
          sha256: result.sha256,
          bytes: result.bytes,
          pages: result.pages,
        },
        () =>
          ctx.say({
            vi: `hợp lệ: ${file} (${String(result.pages)} trang, SHA-256 ${result.sha256})`,
            en: `valid: ${file} (${String(result.pages)} pages, SHA-256 ${result.sha256})`,
          }),
      );
    });
}
