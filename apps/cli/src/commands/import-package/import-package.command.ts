import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ApiClient } from '@sohoa/api-client';
import type { PackageImportReport } from '@sohoa/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError, UsageError } from '../../cli.errors.ts';

/** A unit given by its code (as people say it) or its id. */
async function resolveUnitId({ api, unit }: { api: ApiClient; unit: string }) {
  const { units } = await api.listUnits();
  const found =
    units.find((u) => u.id === unit) ??
    units.find((u) => u.code.toLowerCase() === unit.toLowerCase());
  if (!found) {
    throw new UsageError({ message: `Không tìm thấy đơn vị / unknown unit: ${unit}` });
  }
  return found.id;
}

function formatReport({ report, ctx }: { report: PackageImportReport; ctx: CliContext }) {
  const c = report.counts;
  const lines = [
    ctx.say({
      vi: `Đã nhập hồ sơ "${report.title}" (${report.caseId}) từ ${report.origin.unit.name} (${report.origin.unit.code}).`,
      en: `Imported case "${report.title}" (${report.caseId}) from ${report.origin.unit.name} (${report.origin.unit.code}).`,
    }),
    `  ${ctx.say({ vi: 'Tập', en: 'Volumes' })}: ${c.volumes}, ${ctx.say({ vi: 'tệp gốc', en: 'source files' })}: ${c.sources}, ${ctx.say({ vi: 'trang', en: 'pages' })}: ${c.pages}, ${ctx.say({ vi: 'tài liệu', en: 'documents' })}: ${c.documents}, ${ctx.say({ vi: 'chỉnh sửa', en: 'edits' })}: ${c.edits}, ${ctx.say({ vi: 'ghi chú', en: 'annotations' })}: ${c.annotations}`,
    ...report.extraFiles.map((f) => `  + ${f.name} (${f.sizeBytes} byte)`),
  ];
  if (report.mismatches.length === 0) {
    lines.push(
      ctx.say({
        vi: '  Đối chiếu sau khi nhập: khớp hoàn toàn với gói.',
        en: '  Checked after import: identical to the package.',
      }),
    );
  } else {
    lines.push(
      ctx.say({ vi: '  Sai khác so với gói:', en: '  Differences from the package:' }),
      ...report.mismatches.map(
        (m) =>
          `    • ${m.what}${m.id ? ` ${m.id}` : ''}: ${JSON.stringify(m.expected)} → ${JSON.stringify(m.found)}`,
      ),
    );
  }
  return lines.join('\n');
}

/**
 * `sohoa import-package <file.zip> --unit <code|id>`: streams a transfer package to the server,
 * which recreates the case (same pages, same structure) or refuses a damaged package.
 */
export function registerImportPackageCommand({
  program,
  ctx,
}: {
  program: Command;
  ctx: CliContext;
}) {
  program
    .command('import-package')
    .description(
      'nhập gói chuyển giao hồ sơ vào một đơn vị / import a case transfer package into a unit',
    )
    .argument('<file.zip>')
    .requiredOption('--unit <unit>', 'mã hoặc id đơn vị nhận / receiving unit code or id')
    .action(async (file: string, options: { unit: string }) => {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        throw new UsageError({ message: `Không tìm thấy / not found: ${file}` });
      }
      const { api } = await ctx.createApi();
      const unitId = await resolveUnitId({ api, unit: options.unit });
      ctx.note({
        vi: `Đang gửi gói (${info.size} byte) và kiểm tra…`,
        en: `Sending the package (${info.size} bytes) and checking it…`,
      });
      const body = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
      const { report } = await api.importCasePackage(unitId, body);
      ctx.output({ report }, () => formatReport({ report, ctx }));
      if (report.mismatches.length > 0) {
        throw new CliError({
          message: ctx.say({
            vi: 'Hồ sơ đã nhập nhưng có sai khác so với gói (xem trên).',
            en: 'The case was imported but differs from the package (see above).',
          }),
        });
      }
    });
}
