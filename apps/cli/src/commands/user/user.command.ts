import { ROLE_LABELS, ROLES, type Role, type User } from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { labelOf } from '../../cli.i18n.ts';
import { oneOf, repeatable } from '../../shared/collect.ts';
import { formatSummary, formatTable } from '../../shared/format.ts';
import type { Names } from '../../shared/names.ts';

interface AddUserOptions {
  unit: string;
  username: string;
  name: string;
  role: Role[];
  passwordStdin?: boolean;
}

/** `sohoa user add | list | disable | enable`. */
export function registerUserCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const user = program.command('user').description('người dùng / user accounts');

  user
    .command('add')
    .description('tạo tài khoản / create a user')
    .requiredOption('--unit <unitId>', 'đơn vị / unit id')
    .requiredOption('--username <username>', 'tên đăng nhập / username')
    .requiredOption('--name <fullName>', 'họ tên / full name')
    .addOption(
      new Option('--role <role>', 'vai trò, lặp lại được / role, repeatable')
        .choices(ROLES)
        .argParser(repeatable(oneOf(ROLES)))
        .makeOptionMandatory(),
    )
    .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
    .action(async (options: AddUserOptions) => {
      const password = await ctx.readPassword({ fromStdin: options.passwordStdin, confirm: true });
      const { api } = await ctx.createApi();
      const result = await api.createUser({
        unitId: options.unit,
        username: options.username,
        fullName: options.name,
        roles: options.role,
        password,
      });
      const names = await ctx.names({ api });
      ctx.output(result, () =>
        [
          ctx.say({ vi: 'Đã tạo tài khoản.', en: 'User created.' }),
          formatUser({ user: result.user, ctx, names }),
        ].join('\n'),
      );
    });

  user
    .command('list')
    .description('danh sách người dùng / list users')
    .option('--unit <unitId>', 'chỉ đơn vị này / only this unit')
    .action(async (options: { unit?: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.listUsers({ unitId: options.unit });
      const names = await ctx.names({ api });
      ctx.output(result, () =>
        formatTable({
          head: [
            ctx.say({ vi: 'Tên đăng nhập', en: 'Username' }),
            ctx.say({ vi: 'Họ tên', en: 'Full name' }),
            ctx.say({ vi: 'Vai trò', en: 'Roles' }),
            ctx.say({ vi: 'Trạng thái', en: 'Status' }),
            ctx.say({ vi: 'Đơn vị', en: 'Unit' }),
            'ID',
          ],
          rows: result.users.map((u) => [
            u.username,
            u.fullName,
            u.roles.map((role) => labelOf(ROLE_LABELS, role, ctx.lang())).join(', '),
            statusLabel({ user: u, ctx }),
            names.unit(u.unitId),
            u.id,
          ]),
        }),
      );
    });

  for (const [verb, enable] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    user
      .command(`${verb} <userId>`)
      .description(
        enable
          ? 'mở lại tài khoản / re-enable a user'
          : 'vô hiệu hóa tài khoản / disable a user (sessions end)',
      )
      .action(async (userId: string) => {
        const { api } = await ctx.createApi();
        const result = enable ? await api.enableUser(userId) : await api.disableUser(userId);
        const names = await ctx.names({ api });
        ctx.output(result, () => formatUser({ user: result.user, ctx, names }));
      });
  }
}

function statusLabel({ user, ctx }: { user: User; ctx: CliContext }): string {
  return user.status === 'ACTIVE'
    ? ctx.say({ vi: 'Hoạt động', en: 'Active' })
    : ctx.say({ vi: 'Đã vô hiệu hóa', en: 'Disabled' });
}

function formatUser({ user, ctx, names }: { user: User; ctx: CliContext; names: Names }): string {
  return formatSummary([
    ['ID', user.id],
    [ctx.say({ vi: 'Tên đăng nhập', en: 'Username' }), user.username],
    [ctx.say({ vi: 'Họ tên', en: 'Full name' }), user.fullName],
    [ctx.say({ vi: 'Đơn vị', en: 'Unit' }), names.unit(user.unitId)],
    [
      ctx.say({ vi: 'Vai trò', en: 'Roles' }),
      user.roles.map((role) => labelOf(ROLE_LABELS, role, ctx.lang())),
    ],
    [ctx.say({ vi: 'Trạng thái', en: 'Status' }), statusLabel({ user, ctx })],
  ]);
}
