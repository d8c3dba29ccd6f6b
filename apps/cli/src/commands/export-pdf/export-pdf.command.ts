import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';

export interface ExportPdfOptions {
  pdf?: string;
  profile?: 'working' | 'pdfa';
  volume?: string;
  force?: boolean;
}

/** The options of `sohoa export` that belong to the PDF (merge point with `--index`). */
export function addExportPdfOptions(command: Command): Command {
  return command
    .option('--pdf <file>', 'ghi hồ sơ số (PDF) ra tệp / write the digital case file (PDF)')
    .addOption(
      new Option('--profile <profile>', 'pdfa: bản lưu trữ PDF/A-2b; working: bản làm việc')
        .choices(['pdfa', 'working'])
        .default('pdfa'),
    )
    .option('--volume <n>', 'chỉ xuất một tập / export one volume only')
    .option(
      '--force',
      'xuất cả khi OCR chưa xong (bìa ghi "CHƯA HOÀN TẤT") / export before OCR finished (marked)',
    );
}

/**
 * Downloads the case file to `--pdf` through a temp file beside it, renamed when complete: an
 * interrupted download never leaves a truncated PDF under the asked name.
 */
export async function runExportPdf({
  caseId,
  options,
  ctx,
}: {
  caseId: string;
  options: ExportPdfOptions & { pdf: string };
  ctx: CliContext;
}) {
  const volume = options.volume === undefined ? undefined : Number(options.volume);
  if (volume !== undefined && !(Number.isInteger(volume) && volume >= 1)) {
    throw new UsageError({
      message: ctx.say({
        vi: '--volume phải là số tập (1, 2 …)',
        en: '--volume must be a volume number (1, 2 …)',
      }),
    });
  }
  const { api } = await ctx.createApi();
  const started = Date.now();
  const { body, headers } = await api.exportCasePdf(caseId, {
    profile: options.profile ?? 'pdfa',
    ...(volume !== undefined ? { volume } : {}),
    ...(options.force ? { force: true } : {}),
  });
  const target = path.resolve(options.pdf);
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.part`);
  try {
    await pipeline(Readable.fromWeb(body), createWriteStream(partial));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const result = {
    file: target,
    pages: Number(headers.get('x-sohoa-pages')),
    bytes: Number(headers.get('content-length')),
    sha256: headers.get('x-sohoa-sha256'),
    incomplete: headers.get('x-sohoa-incomplete') === 'true',
    profile: options.profile ?? 'pdfa',
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  ctx.output(result, () =>
    [
      ctx.say({
        vi: `Đã ghi ${result.file}: ${result.pages} trang, ${(result.bytes / 1e6).toFixed(1)} MB (${result.profile}), ${result.seconds} giây.`,
        en: `Wrote ${result.file}: ${result.pages} pages, ${(result.bytes / 1e6).toFixed(1)} MB (${result.profile}), ${result.seconds} s.`,
      }),
      `SHA-256: ${result.sha256}`,
      ...(result.incomplete
        ? [
            ctx.say({
              vi: 'Lưu ý: bản này CHƯA HOÀN TẤT (còn trang chưa OCR).',
              en: 'Note: this copy is INCOMPLETE (pages not yet OCR-ed).',
            }),
          ]
        : []),
    ].join('\n'),
  );
}

/**
 * `sohoa export <caseId> --pdf out.pdf [--profile pdfa|working] [--volume n] [--force]`.
 * The `--index` export lives in commands/export/: when both exist, register one `export` command
 * with both option sets and dispatch on the flag given.
 */
export function registerExportPdfCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  addExportPdfOptions(
    program
      .command('export')
      .description('xuất hồ sơ số / export the digital case file')
      .argument('<caseId>'),
  ).action(async (caseId: string, options: ExportPdfOptions) => {
    if (!options.pdf) {
      throw new UsageError({
        message: ctx.say({
          vi: 'Hãy cho biết tệp ra: --pdf <tệp.pdf>',
          en: 'Say where to write: --pdf <file.pdf>',
        }),
      });
    }
    await runExportPdf({ caseId, options: { ...options, pdf: options.pdf }, ctx });
  });
}
