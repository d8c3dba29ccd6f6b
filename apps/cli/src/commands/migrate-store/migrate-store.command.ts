import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError } from '../../cli.errors.ts';
import { formatTable } from '../../shared/format.ts';

/**
 * `sohoa migrate-store --to postgres://… --blobs s3://bucket/prefix?endpoint=…`: moves this
 * machine's embedded installation (DATA_DIR) into a shared PostgreSQL and object store. Server
 * code run in-process, like `migrate`; sohoa must be stopped. Exit 1 when verification fails.
 */
export function registerMigrateStoreCommand({
  program,
  ctx,
}: {
  program: Command;
  ctx: CliContext;
}) {
  program
    .command('migrate-store')
    .description(
      'chuyển cài đặt nhúng (DATA_DIR) sang PostgreSQL + kho S3 / move the embedded installation (DATA_DIR) to PostgreSQL + S3',
    )
    .requiredOption('--to <postgres-url>', 'PostgreSQL đích / target PostgreSQL (postgres://…)')
    .requiredOption(
      '--blobs <url>',
      'kho tệp đích / target blob store: s3://bucket/prefix?endpoint=https://minio:9000 (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) hoặc/or a folder',
    )
    .option(
      '--allow-nonempty',
      'cho phép đích đã có dữ liệu; dòng và tệp đã có thì bỏ qua (chạy tiếp) / allow a non-empty target; rows and blobs already there are skipped (resume)',
    )
    .option(
      '--parent <unit>',
      "mã hoặc id đơn vị cấp trên ở đích mà đơn vị của máy này trực thuộc (khi đích đã có đơn vị gốc) / code or id of the target unit this installation's unit goes under (when the target already has its root unit)",
    )
    .option('--batch-size <rows>', 'số dòng mỗi lô / rows per batch (500)', parseBatchSize)
    .action(
      async (options: {
        to: string;
        blobs: string;
        allowNonempty?: boolean;
        parent?: string;
        batchSize?: number;
      }) => {
        const { runMigrateStore } = await import('@sohoa/server');
        let lastNote = 0;
        const report = await runMigrateStore({
          env: ctx.io.env,
          to: options.to,
          blobs: options.blobs,
          allowNonEmpty: options.allowNonempty === true,
          ...(options.parent ? { parentUnit: options.parent } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
          onProgress: (progress) => {
            // At most a line a second: a case of 100,000 pages must not flood the terminal.
            if (progress.done !== progress.total && Date.now() - lastNote < 1000) {
              return;
            }
            lastNote = Date.now();
            const what =
              progress.step === 'table'
                ? progress.table
                : ctx.say(
                    progress.step === 'blobs-copy'
                      ? { vi: 'chép tệp', en: 'copying blobs' }
                      : { vi: 'kiểm tệp', en: 'verifying blobs' },
                  );
            ctx.note({
              vi: `  ${what}: ${progress.done}/${progress.total}`,
              en: `  ${what}: ${progress.done}/${progress.total}`,
            });
          },
        });
        ctx.output(report, () =>
          [
            `${ctx.say({ vi: 'Nguồn', en: 'Source' })}: ${report.source}`,
            `${ctx.say({ vi: 'Đích', en: 'Target' })}: ${report.target} + ${report.blobTarget}`,
            '',
            formatTable({
              head: [
                ctx.say({ vi: 'Bảng', en: 'Table' }),
                ctx.say({ vi: 'Nguồn', en: 'Source' }),
                ctx.say({ vi: 'Đã chép', en: 'Inserted' }),
                ctx.say({ vi: 'Đã có', en: 'Present' }),
                ctx.say({ vi: 'Lệch', en: 'Mismatched' }),
                'SHA-256',
                ctx.say({ vi: 'Kiểm', en: 'Check' }),
              ],
              rows: report.tables.map((t) => [
                t.table,
                String(t.sourceRows),
                String(t.inserted),
                String(t.alreadyPresent),
                String(t.mismatched),
                t.sourceHash.slice(0, 16),
                t.verified ? 'OK' : ctx.say({ vi: 'SAI', en: 'FAILED' }),
              ]),
            }),
            '',
            ctx.say({
              vi: `Tệp: ${report.blobs.total}, đã chép ${report.blobs.copied} (${formatBytes(report.blobs.bytesCopied)}), đã có ${report.blobs.alreadyPresent}, kiểm lại SHA-256 đúng ${report.blobs.verified}`,
              en: `Blobs: ${report.blobs.total}, copied ${report.blobs.copied} (${formatBytes(report.blobs.bytesCopied)}), already present ${report.blobs.alreadyPresent}, SHA-256 re-read OK ${report.blobs.verified}`,
            }),
            ...report.blobs.problems.map(
              (p) => `  ! ${p.key}: ${p.problem}${p.detail ? ` (${p.detail})` : ''}`,
            ),
            ctx.say(
              report.ok
                ? {
                    vi: `Xong, đã kiểm chứng (${Math.round(report.durationMs / 1000)} s). Đặt DATABASE_URL và BLOB_STORE=s3 cho máy chủ dùng chung.`,
                    en: `Done and verified (${Math.round(report.durationMs / 1000)} s). Point the shared server at it with DATABASE_URL and BLOB_STORE=s3.`,
                  }
                : {
                    vi: 'KIỂM CHỨNG THẤT BẠI: xem các dòng trên; chưa dùng đích này.',
                    en: 'VERIFICATION FAILED: see above; do not use this target yet.',
                  },
            ),
          ].join('\n'),
        );
        if (!report.ok) {
          throw new CliError({
            message: ctx.say({
              vi: 'Dữ liệu đích không khớp nguồn.',
              en: 'The target does not match the source.',
            }),
          });
        }
      },
    );
}

function parseBatchSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new InvalidArgumentError('1–10000');
  }
  return size;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}
