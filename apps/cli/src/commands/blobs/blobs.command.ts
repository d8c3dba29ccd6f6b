import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

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
}
