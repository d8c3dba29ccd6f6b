import { ApiError } from '@sohoa/api-client';
import { ROLE_LABELS, type SessionInfo } from '@sohoa/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError, ServerUnreachableError, UsageError } from '../../cli.errors.ts';
import { labelOf } from '../../cli.i18n.ts';
import { deleteCredentials, readCredentials, writeCredentials } from '../../shared/credentials.ts';
import { formatSummary } from '../../shared/format.ts';

/** `sohoa login`, `sohoa logout` and `sohoa whoami`. */
export function registerAuthCommands({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('login')
    .description('đăng nhập và lưu phiên / log in and store the session token')
    .option('--username <username>', 'tên đăng nhập / username')
    .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
    .action(async (options: { username?: string; passwordStdin?: boolean }) => {
      const { api, url } = await ctx.createApi();
      const username = await ctx.valueOrPrompt({
        value: options.username,
        question: { vi: 'Tên đăng nhập: ', en: 'Username: ' },
        canPrompt: ctx.isInteractive() && !options.passwordStdin,
      });
      if (!username) {
        throw new UsageError({
          message: ctx.say({ vi: 'Thiếu --username.', en: 'Missing --username.' }),
        });
      }
      const password = await ctx.readPassword({ fromStdin: options.passwordStdin });
      const { token, csrfToken: _csrfToken, ...session } = await api.login({ username, password });
      if (!token) {
        throw new CliError({
          message: ctx.say({
            vi: 'Máy chủ không cấp mã phiên (bearer token) cho dòng lệnh.',
            en: 'The server did not issue a bearer token.',
          }),
        });
      }
      const { path } = await writeCredentials({
        configDir: ctx.configDir,
        credentials: { url, token },
      });
      // The token stays in the 0600 file: printing it would leak it into logs and scrollback.
      ctx.output({ ...session, url, credentialsFile: path }, () =>
        [
          ctx.say({ vi: `Đã đăng nhập vào ${url}.`, en: `Logged in to ${url}.` }),
          formatSession({ session, ctx }),
          ctx.say({
            vi: `Phiên đăng nhập được lưu tại ${path}.`,
            en: `Session stored in ${path}.`,
          }),
        ].join('\n'),
      );
    });

  program
    .command('logout')
    .description('đăng xuất và xóa phiên đã lưu / log out and forget the stored token')
    .action(async () => {
      const credentials = await readCredentials({ configDir: ctx.configDir });
      if (credentials) {
        const { api } = await ctx.createApi({ server: credentials });
        try {
          await api.logout();
        } catch (error) {
          // An expired session or a server that is gone must not keep the token on disk.
          if (!(error instanceof ApiError || error instanceof ServerUnreachableError)) {
            throw error;
          }
        }
        await deleteCredentials({ configDir: ctx.configDir });
      }
      ctx.output({ ok: true, loggedOut: credentials !== null }, () =>
        credentials
          ? ctx.say({ vi: 'Đã đăng xuất.', en: 'Logged out.' })
          : ctx.say({ vi: 'Chưa đăng nhập.', en: 'Not logged in.' }),
      );
    });

  program
    .command('whoami')
    .description('người dùng hiện tại / show the current user')
    .action(async () => {
      const { api } = await ctx.createApi();
      const { csrfToken: _csrfToken, ...session } = await api.me();
      ctx.output(session, () => formatSession({ session, ctx }));
    });
}

function formatSession({
  session,
  ctx,
}: {
  session: Pick<SessionInfo, 'user' | 'unit' | 'expiresAt'>;
  ctx: CliContext;
}): string {
  const { user, unit } = session;
  return formatSummary([
    [ctx.say({ vi: 'Người dùng', en: 'User' }), `${user.fullName} (${user.username})`],
    [ctx.say({ vi: 'Đơn vị', en: 'Unit' }), `${unit.code} — ${unit.name}`],
    [
      ctx.say({ vi: 'Vai trò', en: 'Roles' }),
      user.roles.map((role) => labelOf(ROLE_LABELS, role, ctx.lang())).join(', '),
    ],
    [ctx.say({ vi: 'Hết hạn', en: 'Expires' }), session.expiresAt],
  ]);
}
