import {
  CASE_KINDS,
  CASE_STAGES,
  CONFIDENTIALITY_LEVELS,
  DIGITIZATION_STATUSES,
  type CaseKind,
  type CaseStage,
  type Confidentiality,
  type DigitizationStatus,
} from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import { formatStructure } from '../structure/structure.format.ts';
import type { CliContext } from '../../cli.context.ts';
import { repeatable } from '../../shared/collect.ts';
import { registerDigitizationCommands } from '../digitization/digitization.command.ts';
import { registerCaseTimelineCommands } from '../timeline/timeline.command.ts';
import { formatCaseDetail, formatCaseList } from './case.format.ts';
import {
  parseCharge,
  parseParty,
  parsePositiveInt,
  type ChargeInput,
  type PartyInput,
} from './case.parsers.ts';

interface CreateCaseOptions {
  title: string;
  kind: CaseKind;
  unit?: string;
  nationalCode?: string;
  number?: string;
  stage?: CaseStage;
  confidentiality?: Confidentiality;
  charge?: ChargeInput[];
  party?: PartyInput[];
  assign?: string[];
}

interface ListCasesOptions {
  kind?: CaseKind;
  stage?: CaseStage;
  status?: DigitizationStatus;
  unit?: string;
  mine?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** `sohoa case create | list | show | assign`. */
export function registerCaseCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const cases = program.command('case').description('hồ sơ vụ án / case files');

  cases
    .command('create')
    .description('tạo hồ sơ vụ án / create a case')
    .requiredOption('--title <title>', 'tên vụ án / title')
    .addOption(
      new Option('--kind <kind>', 'loại vụ án / case kind')
        .choices(CASE_KINDS)
        .makeOptionMandatory(),
    )
    .option('--unit <unitId>', 'đơn vị thụ lý (mặc định: đơn vị của bạn) / owning unit')
    .option('--national-code <code>', 'mã hồ sơ điện tử / national case code')
    .option('--number <number>', 'số thụ lý / internal case number')
    .addOption(new Option('--stage <stage>', 'giai đoạn tố tụng / stage').choices(CASE_STAGES))
    .addOption(
      new Option('--confidentiality <level>', 'độ mật / classification').choices(
        CONFIDENTIALITY_LEVELS,
      ),
    )
    .option(
      '--charge <charge>',
      'tội danh "Tên:Điều:Khoản", lặp lại được / charge "name:article:clause", repeatable',
      repeatable(parseCharge),
    )
    .option(
      '--party <party>',
      'người tham gia "Họ tên:MÃ_TƯ_CÁCH", lặp lại được / party "name:ROLE_CODE", repeatable',
      repeatable(parseParty),
    )
    .option(
      '--assign <userId>',
      'phân công người dùng, lặp lại được / assignee, repeatable',
      repeatable(String),
    )
    .action(async (options: CreateCaseOptions) => {
      const { api } = await ctx.createApi();
      const result = await api.createCase({
        title: options.title,
        kind: options.kind,
        unitId: options.unit,
        nationalCode: options.nationalCode,
        internalNumber: options.number,
        stage: options.stage,
        confidentiality: options.confidentiality,
        charges: options.charge,
        parties: options.party,
        assigneeIds: options.assign,
      });
      const names = await ctx.names({ api, users: true });
      ctx.output(result, () =>
        [
          ctx.say({ vi: 'Đã tạo hồ sơ vụ án.', en: 'Case created.' }),
          formatCaseDetail({ item: result.case, ctx, names }),
        ].join('\n'),
      );
    });

  cases
    .command('list')
    .description('danh sách hồ sơ / list cases')
    .addOption(new Option('--kind <kind>', 'loại vụ án / case kind').choices(CASE_KINDS))
    .addOption(new Option('--stage <stage>', 'giai đoạn / stage').choices(CASE_STAGES))
    .addOption(
      new Option('--status <status>', 'trạng thái số hóa / digitization status').choices(
        DIGITIZATION_STATUSES,
      ),
    )
    .option('--unit <unitId>', 'đơn vị / unit')
    .option('--mine', 'chỉ hồ sơ được phân công cho tôi / only cases assigned to me')
    .option('--q <text>', 'tìm theo tên, mã, đương sự / search text')
    .option('--page <n>', 'trang / page', parsePositiveInt)
    .option('--page-size <n>', 'số hồ sơ mỗi trang / page size', parsePositiveInt)
    .action(async (options: ListCasesOptions) => {
      const { api } = await ctx.createApi();
      const list = await api.listCases({
        kind: options.kind,
        stage: options.stage,
        digitizationStatus: options.status,
        unitId: options.unit,
        assignedToMe: options.mine ? 'true' : undefined,
        q: options.q,
        page: options.page,
        pageSize: options.pageSize,
      });
      ctx.output(list, () => formatCaseList({ list, ctx }));
    });

  cases
    .command('show <caseId>')
    .description('chi tiết hồ sơ / show one case')
    .option(
      '--structure',
      'kèm cấu trúc: nhóm → tài liệu, loại, số, ngày, bút lục / with the structure: sections → documents',
    )
    .action(async (caseId: string, options: { structure?: boolean }) => {
      const { api } = await ctx.createApi();
      const result = await api.getCase(caseId);
      const names = await ctx.names({ api, users: true });
      if (!options.structure) {
        ctx.output(result, () => formatCaseDetail({ item: result.case, ctx, names }));
        return;
      }
      const { structure } = await api.getStructure(caseId);
      ctx.output({ ...result, structure }, () =>
        [
          formatCaseDetail({ item: result.case, ctx, names }),
          '',
          formatStructure({ structure, ctx }),
        ].join('\n'),
      );
    });

  cases
    .command('assign <caseId> <userIds...>')
    .description('phân công (thay danh sách cũ) / set the assignees (replaces the list)')
    .action(async (caseId: string, userIds: string[]) => {
      const { api } = await ctx.createApi();
      const result = await api.assignCase(caseId, userIds);
      const names = await ctx.names({ api, users: true });
      ctx.output(result, () =>
        [
          ctx.say({ vi: 'Đã phân công.', en: 'Assignees updated.' }),
          formatCaseDetail({ item: result.case, ctx, names }),
        ].join('\n'),
      );
    });
  registerCaseTimelineCommands({ cases, ctx });
  registerDigitizationCommands({ cases, ctx });
}
