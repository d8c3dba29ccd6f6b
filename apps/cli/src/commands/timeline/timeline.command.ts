import { CRIME_CATEGORY_CODES } from '@sohoa/contracts';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { formatPersons, formatTimeline } from './timeline.format.ts';

const parseNearDays = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 60) {
    throw new InvalidArgumentError('số ngày làm việc 0–60 / working days 0–60.');
  }
  return n;
};

/** `sohoa case timeline | persons | procedure` (subcommands of `case`). */
export function registerCaseTimelineCommands({ cases, ctx }: { cases: Command; ctx: CliContext }) {
  cases
    .command('timeline <caseId>')
    .description(
      'dòng thời gian tố tụng và kiểm tra thời hạn / procedural timeline and deadline checks',
    )
    .option(
      '--as-of <yyyy-mm-dd>',
      'tính trạng thái tại ngày này (hồ sơ cũ) / statuses as of this day (archived files)',
    )
    .action(async (caseId: string, options: { asOf?: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.getTimeline(caseId, options.asOf ? { asOf: options.asOf } : {});
      ctx.output(result, () => formatTimeline({ timeline: result.timeline, ctx }));
    });

  cases
    .command('persons <caseId>')
    .description('danh sách người trong hồ sơ và lời khai / person index and statements')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const result = await api.listCasePersons(caseId);
      ctx.output(result, () => formatPersons({ persons: result.persons, ctx }));
    });

  cases
    .command('procedure <caseId>')
    .description(
      'thiết lập tố tụng: loại tội phạm, ngưỡng "sắp hết hạn" / procedure settings: crime category, "near" threshold',
    )
    .addOption(
      new Option('--crime-category <code>', 'loại tội phạm (BLHS Điều 9) / crime category').choices(
        [...CRIME_CATEGORY_CODES, 'none'],
      ),
    )
    .option(
      '--near-days <n>',
      'cảnh báo khi còn ≤ n ngày làm việc / warn within n working days',
      parseNearDays,
    )
    .action(async (caseId: string, options: { crimeCategory?: string; nearDays?: number }) => {
      const { api } = await ctx.createApi();
      const result = await api.setProcedureSettings(caseId, {
        ...(options.crimeCategory !== undefined
          ? { crimeCategory: options.crimeCategory === 'none' ? null : options.crimeCategory }
          : {}),
        ...(options.nearDays !== undefined ? { nearWorkingDays: options.nearDays } : {}),
      });
      ctx.output(result, () =>
        ctx.say({
          vi: `Đã lưu: loại tội phạm ${result.settings.crimeCategory ?? '(tự xác định)'}, ngưỡng ${result.settings.nearWorkingDays ?? 3} ngày làm việc.`,
          en: `Saved: crime category ${result.settings.crimeCategory ?? '(inferred)'}, threshold ${result.settings.nearWorkingDays ?? 3} working days.`,
        }),
      );
    });
}
