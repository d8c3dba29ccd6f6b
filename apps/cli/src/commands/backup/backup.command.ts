import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError } from '../../cli.errors.ts';

// Admin commands: they run server code in-process with the operator's configuration (like
// `migrate`), loaded lazily so client commands stay light.
const importServer = () => import('@sohoa/server');

/**
 * `sohoa backup [dir]`, `sohoa backup verify <dir>`, `sohoa backup status` and `sohoa restore <dir>`
 * (docs/backup.md). They read the database and blob store directly (DATABASE_URL or DATA_DIR).
 */
export function registerBackupCommands({ program, ctx }: { program: Command; ctx: CliContext }) {
  const backup = program
    .command('backup')
    .description(
      'sao lưu cơ sở dữ liệu và tệp (vào <thư mục> hoặc mọi BACKUP_TARGETS) / back up the database and files (into <dir> or every BACKUP_TARGETS)',
    )
    .argument('[dir]', 'thư mục đích / target folder')
    .option('--target <dir...>', 'một hoặc nhiều thư mục đích / one or more target folders')
    .action(async (dir: string | undefined, options: { target?: string[] }) => {
      const { runBackup } = await importServer();
      const targets = [...(dir ? [dir] : []), ...(options.target ?? [])];
      const { manifest, dirs, blobsCopied, removed } = await runBackup({
        env: ctx.io.env,
        targets,
      });
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      ctx.output(
        { id: manifest.id, dirs, rows, blobs: manifest.blobs.length, blobsCopied, removed },
        () =>
          [
            ctx.say({
              vi: `Đã sao lưu ${manifest.id}: ${manifest.tables.length} bảng (${rows} dòng), ${manifest.blobs.length} tệp (${blobsCopied} tệp mới chép).`,
              en: `Backup ${manifest.id} written: ${manifest.tables.length} tables (${rows} rows), ${manifest.blobs.length} files (${blobsCopied} newly copied).`,
            }),
            ...dirs.map((d) => `  • ${d}`),
            ...(removed.length > 0
              ? [
                  ctx.say({
                    vi: `Đã xóa ${removed.length} bản sao lưu dở dang (bị ngắt): ${removed.join(', ')}`,
                    en: `Removed ${removed.length} incomplete (interrupted) backup(s): ${removed.join(', ')}`,
                  }),
                ]
              : []),
          ].join('\n'),
      );
    });

  backup
    .command('verify')
    .description('kiểm tra mã băm của mọi tệp sao lưu / re-check every hash of a backup')
    .argument('<dir>', 'thư mục đích hoặc thư mục một bản sao lưu / a target or one backup folder')
    .action(async (dir: string) => {
      const { runBackupVerify } = await importServer();
      const result = await runBackupVerify({ dir });
      if (!result.ok) {
        throw new CliError({
          message: [
            ctx.say({
              vi: `Bản sao lưu ${result.backupDir} KHÔNG hợp lệ:`,
              en: `Backup ${result.backupDir} is NOT valid:`,
            }),
            ...result.problems.map((p) => `  - ${p.file}: ${p.problem}`),
          ].join('\n'),
        });
      }
      ctx.output({ ok: true, backupDir: result.backupDir, checkedFiles: result.checkedFiles }, () =>
        ctx.say({
          vi: `Bản sao lưu hợp lệ: ${result.backupDir} (${result.checkedFiles} tệp đã kiểm tra).`,
          en: `Backup valid: ${result.backupDir} (${result.checkedFiles} files checked).`,
        }),
      );
    });

  backup
    .command('status')
    .description(
      'bản sao lưu mới nhất của mỗi BACKUP_TARGETS, báo bản cũ / newest backup per BACKUP_TARGETS, stale ones flagged',
    )
    .action(async () => {
      const { runBackupStatus } = await importServer();
      const status = await runBackupStatus({ env: ctx.io.env });
      const incompleteNote = (t: { incomplete: number; running: number }) =>
        (t.incomplete > 0
          ? ctx.say({
              vi: ` (${t.incomplete} bản dở dang, không tính)`,
              en: ` (${t.incomplete} incomplete, not counted)`,
            })
          : '') +
        (t.running > 0
          ? ctx.say({ vi: ` (${t.running} đang chạy)`, en: ` (${t.running} running)` })
          : '');
      ctx.output(status, () =>
        [
          ...status.targets.map((t) =>
            t.latestId
              ? `${t.stale ? '✗' : '✓'} ${t.target}: ${t.latestId} (${t.ageHours} h)${t.stale ? ctx.say({ vi: ' — QUÁ CŨ', en: ' — STALE' }) : ''}${incompleteNote(t)}`
              : `✗ ${t.target}: ${ctx.say({ vi: 'chưa có bản sao lưu', en: 'no backup' })}${incompleteNote(t)}`,
          ),
          ...(status.targets.length < 2
            ? [
                ctx.say({
                  vi: 'Cần ít nhất hai thư mục sao lưu độc lập (BACKUP_TARGETS).',
                  en: 'At least two independent backup targets are required (BACKUP_TARGETS).',
                }),
              ]
            : []),
        ].join('\n'),
      );
      if (!status.ok) {
        throw new CliError({
          message: ctx.say({
            vi: 'Sao lưu chưa đạt yêu cầu (xem trên).',
            en: 'Backups are not up to date (see above).',
          }),
        });
      }
    });

  program
    .command('restore')
    .description(
      'khôi phục một bản sao lưu vào cơ sở dữ liệu TRỐNG / restore a backup into an EMPTY database',
    )
    .argument('<dir>', 'thư mục đích hoặc thư mục một bản sao lưu / a target or one backup folder')
    .action(async (dir: string) => {
      const { runRestore } = await importServer();
      const result = await runRestore({ env: ctx.io.env, dir });
      const rows = Object.values(result.restored).reduce((a, b) => a + b, 0);
      ctx.output(
        {
          id: result.manifest.id,
          restored: result.restored,
          blobs: result.blobsRestored,
          alreadyRestored: result.alreadyRestored,
          resumed: result.resumed,
        },
        () =>
          result.alreadyRestored
            ? ctx.say({
                vi: `Bản sao lưu ${result.manifest.id} đã được khôi phục xong vào đây trước đó (không thay đổi gì): ${rows} dòng.`,
                en: `Backup ${result.manifest.id} had already been fully restored here (nothing changed): ${rows} rows.`,
              })
            : ctx.say({
                vi: `Đã khôi phục ${result.manifest.id}: ${rows} dòng, ${result.blobsRestored} tệp; số dòng từng bảng khớp tệp kê khai.`,
                en: `Restored ${result.manifest.id}: ${rows} rows, ${result.blobsRestored} files; every table's row count matches the manifest.`,
              }),
      );
    });
}
