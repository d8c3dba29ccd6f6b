import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

const PROCESS_MODES = ['all', 'web', 'worker'] as const;

/**
 * `sohoa serve` and `sohoa migrate`: the only commands that run server code in-process. The
 * server is imported lazily so every other command stays a thin API client that starts fast.
 */
export function registerServerCommands({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('serve')
    .description('chạy máy chủ sohoa / run the sohoa server')
    .addOption(
      new Option(
        '--mode <mode>',
        'chế độ tiến trình / process mode (env PROCESS_MODE, SOHOA_MODE)',
      ).choices(PROCESS_MODES),
    )
    .option('--port <port>', 'cổng HTTP / HTTP port (env PORT)', parsePort)
    .action(async (options: { mode?: string; port?: number }) => {
      const env = {
        ...ctx.io.env,
        PORT: options.port === undefined ? ctx.io.env.PORT : String(options.port),
        PROCESS_MODE: options.mode ?? ctx.io.env.PROCESS_MODE,
      };
      const { runServer } = await importServer();
      const server = await runServer({ env });
      const signal = await waitForShutdownSignal();
      ctx.note({
        vi: `Nhận ${signal}, đang dừng máy chủ…`,
        en: `Received ${signal}, stopping the server…`,
      });
      await server.close();
    });

  program
    .command('migrate')
    .description('cập nhật cấu trúc cơ sở dữ liệu / apply database migrations')
    .action(async () => {
      const { runMigrations } = await importServer();
      const result = await runMigrations({ env: ctx.io.env });
      ctx.output(result, () =>
        result.applied.length === 0
          ? ctx.say({
              vi: 'Cơ sở dữ liệu đã ở phiên bản mới nhất.',
              en: 'The database is up to date.',
            })
          : [
              ctx.say({
                vi: `Đã áp dụng ${result.applied.length} migration:`,
                en: `Applied ${result.applied.length} migration(s):`,
              }),
              ...result.applied.map((name) => `  • ${name}`),
            ].join('\n'),
      );
    });
}

// The one sanctioned server import of the CLI (convention 20: admin commands reuse server code).
// It is dynamic so that client commands never load the server's dependencies.
const importServer = () => import('@sohoa/server');

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidArgumentError('cổng phải là số nguyên 1–65535 / port must be 1–65535.');
  }
  return port;
}

/** Resolves on the first SIGINT/SIGTERM; a second signal then kills the process as usual. */
function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
