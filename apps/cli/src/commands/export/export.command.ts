import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';
import { formatSize } from './export.files.ts';
import { indexTarget } from './export.index.ts';
import { packageTarget } from './export.package.ts';
import { courtPackageTarget } from './export.court-package.ts';
import { pdfTarget } from './export.pdf.ts';
import type { ExportedFile, ExportTarget } from './export.types.ts';

/** Every output `sohoa export` can write; the PDF and the transfer package join this list. */
export const EXPORT_TARGETS: readonly ExportTarget[] = [
  pdfTarget,
  indexTarget,
  packageTarget,
  courtPackageTarget,
];

/**
 * `sohoa export <caseId> [--pdf out.pdf] [--index out.docx|out.xlsx] [--package out.zip] [--court-package out.zip]`: writes the requested files of a case. All
 * values are checked before the first download; each file is written atomically.
 */
export function registerExportCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const command = program
    .command('export')
    .description('xuất hồ sơ ra tệp / export a case to files')
    .argument('<caseId>', 'hồ sơ / case id');
  for (const target of EXPORT_TARGETS) {
    command.option(target.flags, target.description);
    target.addOptions?.(command);
  }
  command.action(async (caseId: string, options: Record<string, unknown>) => {
    const requested = EXPORT_TARGETS.flatMap((target) => {
      const value = options[target.key];
      return typeof value === 'string' && value ? [{ target, value }] : [];
    });
    if (requested.length === 0) {
      throw new UsageError({
        message: ctx.say({
          vi: `Cần chọn ít nhất một tệp để xuất: ${EXPORT_TARGETS.map((t) => t.flags).join(', ')}`,
          en: `Choose at least one file to export: ${EXPORT_TARGETS.map((t) => t.flags).join(', ')}`,
        }),
      });
    }
    for (const { target, value } of requested) {
      target.validate({ value, options, ctx });
    }
    const { api } = await ctx.createApi();
    const written: Array<{ target: ExportTarget; file: ExportedFile }> = [];
    for (const { target, value } of requested) {
      written.push({ target, file: await target.run({ api, caseId, value, options, ctx }) });
    }
    ctx.output({ files: written.map((w) => ({ ...w.file, notes: undefined })) }, () =>
      written
        .flatMap(({ target, file: f }) => [
          ctx.say({
            vi: `Đã ghi ${target.label.vi} ${f.format.toUpperCase()} (${formatSize({ bytes: f.bytes, lang: 'vi' })}): ${f.file}`,
            en: `Wrote the ${target.label.en} as ${f.format.toUpperCase()} (${formatSize({ bytes: f.bytes, lang: 'en' })}): ${f.file}`,
          }),
          ...(f.notes ?? []).map((n) => `  ${ctx.say(n)}`),
        ])
        .join('\n'),
    );
  });
}
