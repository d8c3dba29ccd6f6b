import { ApiError } from '@sohoa/api-client';
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { createCliContext, type CliContext, type CliIo } from './cli.context.ts';
import { CliError, EXIT, ServerUnreachableError } from './cli.errors.ts';
import { LANGUAGES } from './cli.i18n.ts';
import { registerAuthCommands } from './commands/auth/auth.command.ts';
import { registerCaseCommand } from './commands/case/case.command.ts';
import { registerServerCommands } from './commands/server/server.command.ts';
import { registerSetupCommand } from './commands/setup/setup.command.ts';
import { registerUnitCommand } from './commands/unit/unit.command.ts';
import { registerUserCommand } from './commands/user/user.command.ts';
import { registerImportCommand } from './commands/import/import.command.ts';
import { registerExportCommand } from './commands/export/export.command.ts';
import { registerAnalyzeCommand } from './commands/analyze/analyze.command.ts';
import { registerPageCommand } from './commands/page/page.command.ts';
import { registerStructureCommand } from './commands/structure/structure.command.ts';
import { registerDocumentCommand } from './commands/document/document.command.ts';
import { registerImportPackageCommand } from './commands/import-package/import-package.command.ts';
import { registerVerifyCommand } from './commands/verify/verify.command.ts';
import { registerMigrateStoreCommand } from './commands/migrate-store/migrate-store.command.ts';
import { registerAuditCommand } from './commands/audit/audit.command.ts';
import { registerDashboardCommand } from './commands/dashboard/dashboard.command.ts';
import { registerBackupCommands } from './commands/backup/backup.command.ts';
import { registerMapCommand } from './commands/map/map.command.ts';
import { registerBlobsCommands } from './commands/blobs/blobs.command.ts';

/**
 * Runs one `sohoa` invocation and resolves to its exit code: 0 success, 1 refused by the server
 * or failed, 2 usage error, 3 server unreachable. Never calls `process.exit`, so tests drive it
 * in-process.
 *
 * @example
 * const code = await runCli({ argv: ['case', 'list', '--json'], env, stdout, stderr, stdin });
 */
export async function runCli(io: CliIo): Promise<number> {
  const program = createProgram({ io });
  const ctx = createCliContext({ io, program });
  for (const register of [
    registerServerCommands,
    registerSetupCommand,
    registerAuthCommands,
    registerUnitCommand,
    registerUserCommand,
    registerCaseCommand,
    registerImportCommand,
    registerExportCommand,
    registerAnalyzeCommand,
    registerPageCommand,
    registerStructureCommand,
    registerDocumentCommand,
    registerImportPackageCommand,
    registerVerifyCommand,
    registerMigrateStoreCommand,
    registerAuditCommand,
    registerDashboardCommand,
    registerBackupCommands,
    registerMapCommand,
    registerBlobsCommands,
  ]) {
    register({ program, ctx });
  }
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return reportError({ error, ctx });
  }
}

function createProgram({ io }: { io: CliIo }): Command {
  // Settings made here before `.command()` are inherited by every subcommand.
  return new Command('sohoa')
    .description('Số hóa hồ sơ vụ án — công cụ dòng lệnh (sohoa command-line tool)')
    .version(packageJson.version)
    .option('--json', 'in kết quả dạng JSON / machine-readable output')
    .addOption(
      new Option('--lang <lang>', 'ngôn ngữ hiển thị / output language (env SOHOA_LANG)').choices(
        LANGUAGES,
      ),
    )
    .option('--url <url>', 'địa chỉ máy chủ / server URL (env SOHOA_URL)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(xem hướng dẫn / see: --help)');
}

/** Prints an expected error as one readable message (no stack) and picks the exit code. */
function reportError({ error, ctx }: { error: unknown; ctx: CliContext }): number {
  const write = (text: string) => void ctx.io.stderr.write(`${text}\n`);
  const prefix = ctx.say({ vi: 'Lỗi', en: 'Error' });
  if (error instanceof CommanderError) {
    // commander already printed its message; help and --version end with code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ApiError) {
    // No error body: a proxy page or another program answered instead of sohoa.
    const message = error.body
      ? (error.body.error.messages?.[ctx.lang()] ?? error.message)
      : ctx.say({
          vi: `Máy chủ trả lời bất thường (HTTP ${error.status}) — địa chỉ có phải máy chủ sohoa không?`,
          en: `Unexpected response from the server (HTTP ${error.status}) — is this a sohoa server?`,
        });
    write(`${prefix} [${error.code}]: ${message}`);
    for (const issue of error.body?.error.issues ?? []) {
      write(`  - ${issue.path || '(body)'}: ${issue.message}`);
    }
    if (error.code === 'auth.required') {
      write(
        ctx.say({
          vi: 'Hãy đăng nhập trước: sohoa login --username <tên đăng nhập>',
          en: 'Log in first: sohoa login --username <username>',
        }),
      );
    }
    return EXIT.failure;
  }
  if (error instanceof ServerUnreachableError) {
    write(error.message);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    write(`${prefix}: ${error.message}`);
    return error.exitCode;
  }
  const code = codeOf(error);
  if (code === 'EADDRINUSE') {
    write(
      `${prefix} [${code}]: ${ctx.say({ vi: 'Cổng đã có chương trình khác dùng; đặt PORT=… hoặc dừng chương trình đó.', en: 'The port is already in use; set PORT=… or stop the other program.' })}`,
    );
    return EXIT.failure;
  }
  if (code && error instanceof Error) {
    // Start-up errors of `serve`/`migrate` (config.invalid, database.migration_failed …): the
    // message already names the problem, in both languages where it comes from config.
    write(`${prefix} [${code}]: ${error.message}`);
    return EXIT.failure;
  }
  const detail = error instanceof Error ? error.message : String(error);
  write(`${ctx.say({ vi: 'Lỗi không mong đợi', en: 'Unexpected error' })}: ${detail}`);
  if (ctx.io.env.SOHOA_DEBUG && error instanceof Error && error.stack) {
    write(error.stack);
  }
  return EXIT.failure;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
