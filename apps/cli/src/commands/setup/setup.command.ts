import { ApiError } from '@sohoa/api-client';
import {
  ERROR_MESSAGES,
  UNIT_LEVEL_LABELS,
  UNIT_LEVELS,
  unitLevelSchema,
  type UnitLevel,
} from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';
import { labelOf, type Bilingual } from '../../cli.i18n.ts';
import { formatSummary } from '../../shared/format.ts';

interface SetupOptions {
  unitCode?: string;
  unitName?: string;
  unitLevel?: UnitLevel;
  adminUsername?: string;
  adminName?: string;
  passwordStdin?: boolean;
}

const QUESTIONS = {
  unitCode: { vi: 'Mã đơn vị gốc: ', en: 'Root unit code: ' },
  unitName: { vi: 'Tên đơn vị gốc: ', en: 'Root unit name: ' },
  unitLevel: {
    vi: `Cấp đơn vị (${UNIT_LEVELS.join('|')}): `,
    en: `Unit level (${UNIT_LEVELS.join('|')}): `,
  },
  adminUsername: { vi: 'Tên đăng nhập quản trị: ', en: 'Admin username: ' },
  adminName: { vi: 'Họ tên quản trị viên: ', en: 'Admin full name: ' },
} satisfies Record<string, Bilingual>;

const FLAGS: Record<keyof typeof QUESTIONS, string> = {
  unitCode: '--unit-code',
  unitName: '--unit-name',
  unitLevel: '--unit-level',
  adminUsername: '--admin-username',
  adminName: '--admin-name',
};

/** `sohoa setup`: creates the root unit and the first administrator on a fresh server. */
export function registerSetupCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('setup')
    .description('khởi tạo hệ thống lần đầu / first-run setup (root unit + admin)')
    .option('--unit-code <code>', 'mã đơn vị gốc / root unit code')
    .option('--unit-name <name>', 'tên đơn vị gốc / root unit name')
    .addOption(new Option('--unit-level <level>', 'cấp đơn vị / unit level').choices(UNIT_LEVELS))
    .option('--admin-username <username>', 'tên đăng nhập quản trị / admin username')
    .option('--admin-name <name>', 'họ tên quản trị viên / admin full name')
    .option('--password-stdin', 'đọc mật khẩu quản trị từ stdin / read the password from stdin')
    .action(async (options: SetupOptions) => {
      // With --password-stdin, stdin carries the password and cannot answer questions.
      const canPrompt = ctx.isInteractive() && !options.passwordStdin;
      assertNoMissingFlags({ options, canPrompt, ctx });
      const { api } = await ctx.createApi();
      // Checked first so nobody types a password for a server that is already set up.
      if (!(await api.setupStatus()).needsSetup) {
        const code = 'setup.already_done';
        const message = ERROR_MESSAGES[code][ctx.lang()];
        throw new ApiError({ status: 409, body: { error: { code, message } } });
      }
      const values = await collectValues({ options, canPrompt, ctx });
      const password = await ctx.readPassword({ fromStdin: options.passwordStdin, confirm: true });
      const result = await api.setup({
        unit: { code: values.unitCode, name: values.unitName, level: values.unitLevel },
        admin: { username: values.adminUsername, fullName: values.adminName, password },
      });
      ctx.output(result, () =>
        [
          ctx.say({ vi: 'Đã khởi tạo hệ thống.', en: 'Setup complete.' }),
          formatSummary([
            [ctx.say({ vi: 'Đơn vị', en: 'Unit' }), `${result.unit.code} — ${result.unit.name}`],
            [
              ctx.say({ vi: 'Cấp', en: 'Level' }),
              labelOf(UNIT_LEVEL_LABELS, result.unit.level, ctx.lang()),
            ],
            [ctx.say({ vi: 'Quản trị viên', en: 'Administrator' }), result.user.username],
          ]),
          ctx.say({
            vi: `Tiếp theo: sohoa login --username ${result.user.username}`,
            en: `Next: sohoa login --username ${result.user.username}`,
          }),
        ].join('\n'),
      );
    });
}

/** Without a terminal to ask on, names every missing flag at once, before any request. */
function assertNoMissingFlags({
  options,
  canPrompt,
  ctx,
}: {
  options: SetupOptions;
  canPrompt: boolean;
  ctx: CliContext;
}) {
  const missing = (Object.keys(FLAGS) as Array<keyof typeof FLAGS>).filter((key) => !options[key]);
  if (!canPrompt && missing.length > 0) {
    const flags = missing.map((key) => FLAGS[key]).join(', ');
    throw new UsageError({
      message: ctx.say({ vi: `Thiếu tùy chọn ${flags}.`, en: `Missing option(s) ${flags}.` }),
    });
  }
}

/** Takes each value from its flag, or asks for it on the terminal. */
async function collectValues({
  options,
  canPrompt,
  ctx,
}: {
  options: SetupOptions;
  canPrompt: boolean;
  ctx: CliContext;
}) {
  const ask = async (key: keyof typeof FLAGS) => {
    const value = await ctx.valueOrPrompt({
      value: options[key],
      question: QUESTIONS[key],
      canPrompt,
    });
    if (!value) {
      throw new UsageError({
        message: ctx.say({ vi: `Thiếu ${FLAGS[key]}.`, en: `Missing ${FLAGS[key]}.` }),
      });
    }
    return value;
  };
  const unitCode = await ask('unitCode');
  const unitName = await ask('unitName');
  const level = unitLevelSchema.safeParse((await ask('unitLevel')).toUpperCase());
  if (!level.success) {
    throw new UsageError({
      message: ctx.say({
        vi: `Cấp đơn vị phải là một trong ${UNIT_LEVELS.join(', ')}.`,
        en: `The unit level must be one of ${UNIT_LEVELS.join(', ')}.`,
      }),
    });
  }
  const adminUsername = await ask('adminUsername');
  const adminName = await ask('adminName');
  return { unitCode, unitName, unitLevel: level.data, adminUsername, adminName };
}
