import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError } from '../../cli.errors.ts';

const importServer = () => import('@sohoa/server');

/** `sohoa blobs rotate-key --new-key-file <file>` (docs/security.md, encryption at rest). */
export function registerBlobsCommands({ program, ctx }: { program: Command; ctx: CliContext }) {
  const blobs = program
    .command('blobs')
    .description('quản trị kho tệp lưu trữ / manage the blob store');
  blobs
    .command('rotate-key')
    .description(
      'mã hóa lại mọi tệp bằng khóa mới (chạy lại được nếu bị ngắt) / re-encrypt every blob under a new key (resumable)',
    )
    .requiredOption(
      '--new-key-file <file>',
      'tệp chứa khóa mới (32 byte, base64) / file holding the new key (32 bytes, base64)',
    )
    .action(async (options: { newKeyFile: string }) => {
      const { runBlobsRotateKey } = await importServer();
      const result = await runBlobsRotateKey({ env: ctx.io.env, newKeyFile: options.newKeyFile });
      ctx.output(result, () =>
        ctx.say({
          vi: `Đã mã hóa lại ${result.rotated} tệp (${result.skipped} tệp đã dùng khóa mới). Hãy đặt SOHOA_BLOB_ENCRYPTION_KEY_FILE sang khóa mới.`,
          en: `Re-encrypted ${result.rotated} blobs (${result.skipped} already under the new key). Now point SOHOA_BLOB_ENCRYPTION_KEY_FILE to the new key.`,
        }),
      );
    });

  blobs
    .command('verify')
    .description(
      'đọc lại và kiểm tra mã băm mọi tệp lưu trữ, báo vụ án và trang của tệp hỏng / re-hash every stored file, naming the case and page of a bad one',
    )
    .action(async () => {
      const { runBlobsVerify } = await importServer();
      const result = await runBlobsVerify({ env: ctx.io.env });
      const PROBLEMS = {
        missing: { vi: 'thiếu tệp', en: 'missing' },
        hash_mismatch: { vi: 'sai mã băm', en: 'hash mismatch' },
        corrupted: {
          vi: 'hỏng (không qua kiểm tra toàn vẹn)',
          en: 'corrupted (failed authentication)',
        },
        invalid_key: { vi: 'khóa không hợp lệ', en: 'invalid key' },
      } as const;
      const lines = result.problems.map((p) => {
        const where = p.pageId
          ? ctx.say({
              vi: `tập ${p.volume}, trang ${p.seq}`,
              en: `volume ${p.volume}, page ${p.seq}`,
            })
          : p.sourceName
            ? ctx.say({ vi: `tệp gốc ${p.sourceName}`, en: `source file ${p.sourceName}` })
            : ctx.say({ vi: `bản xuất`, en: `export` });
        return `  - ${p.internalNumber ?? p.caseId} «${p.caseTitle}», ${where}: ${ctx.say(PROBLEMS[p.problem])} (${p.key})`;
      });
      if (!result.ok) {
        throw new CliError({
          message: [
            ctx.say({
              vi: `${result.problems.length} tệp có vấn đề (đã kiểm tra ${result.checkedBlobs}):`,
              en: `${result.problems.length} stored files have problems (${result.checkedBlobs} checked):`,
            }),
            ...lines,
          ].join('\n'),
        });
      }
      ctx.output(result, () =>
        ctx.say({
          vi: `Mọi tệp lưu trữ nguyên vẹn (${result.checkedBlobs} tệp).`,
          en: `Every stored file is intact (${result.checkedBlobs} files).`,
        }),
      );
    });
}
