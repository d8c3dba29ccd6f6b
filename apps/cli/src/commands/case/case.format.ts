import {
  CASE_KIND_LABELS,
  CASE_STAGE_LABELS,
  CONFIDENTIALITY_LABELS,
  DIGITIZATION_STATUS_LABELS,
  type Case,
  type CaseList,
} from '@sohoa/contracts';
import type { CliContext } from '../../cli.context.ts';
import { labelOf, personRoleName } from '../../cli.i18n.ts';
import { formatSummary, formatTable, truncate } from '../../shared/format.ts';
import type { Names } from '../../shared/names.ts';
import { formatCharge } from './case.parsers.ts';

/** One line per case, then the page position ("Trang 1/3 — 120 hồ sơ"). */
export function formatCaseList({ list, ctx }: { list: CaseList; ctx: CliContext }): string {
  const lang = ctx.lang();
  if (list.items.length === 0) {
    return ctx.say({ vi: 'Không có hồ sơ nào.', en: 'No cases.' });
  }
  const table = formatTable({
    head: [
      ctx.say({ vi: 'Số thụ lý', en: 'Number' }),
      ctx.say({ vi: 'Tên vụ án', en: 'Title' }),
      ctx.say({ vi: 'Loại vụ án', en: 'Kind' }),
      ctx.say({ vi: 'Giai đoạn', en: 'Stage' }),
      ctx.say({ vi: 'Độ mật', en: 'Classification' }),
      ctx.say({ vi: 'Số hóa', en: 'Digitization' }),
      'ID',
    ],
    rows: list.items.map((item) => [
      item.internalNumber ?? '—',
      truncate(item.title, 48),
      labelOf(CASE_KIND_LABELS, item.kind, lang),
      labelOf(CASE_STAGE_LABELS, item.stage, lang),
      labelOf(CONFIDENTIALITY_LABELS, item.confidentiality, lang),
      labelOf(DIGITIZATION_STATUS_LABELS, item.digitizationStatus, lang),
      item.id,
    ]),
  });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return `${table}${ctx.say({
    vi: `Trang ${list.page}/${pages} — ${list.total} hồ sơ`,
    en: `Page ${list.page}/${pages} — ${list.total} case(s)`,
  })}`;
}

/** Every field of one case, with Vietnamese (or English) names for the coded values. */
export function formatCaseDetail({
  item,
  ctx,
  names,
}: {
  item: Case;
  ctx: CliContext;
  names: Names;
}): string {
  const lang = ctx.lang();
  return formatSummary([
    ['ID', item.id],
    [ctx.say({ vi: 'Tên vụ án', en: 'Title' }), item.title],
    [ctx.say({ vi: 'Loại vụ án', en: 'Kind' }), labelOf(CASE_KIND_LABELS, item.kind, lang)],
    [ctx.say({ vi: 'Số thụ lý', en: 'Internal number' }), item.internalNumber ?? '—'],
    [ctx.say({ vi: 'Mã hồ sơ điện tử', en: 'National code' }), item.nationalCode ?? '—'],
    [ctx.say({ vi: 'Đơn vị thụ lý', en: 'Unit' }), names.unit(item.unitId)],
    [ctx.say({ vi: 'Giai đoạn', en: 'Stage' }), labelOf(CASE_STAGE_LABELS, item.stage, lang)],
    [
      ctx.say({ vi: 'Độ mật', en: 'Classification' }),
      labelOf(CONFIDENTIALITY_LABELS, item.confidentiality, lang),
    ],
    [
      ctx.say({ vi: 'Trạng thái số hóa', en: 'Digitization' }),
      labelOf(DIGITIZATION_STATUS_LABELS, item.digitizationStatus, lang),
    ],
    [
      ctx.say({ vi: 'Tội danh', en: 'Charges' }),
      item.charges.map((charge) => formatCharge(charge, lang)),
    ],
    [
      ctx.say({ vi: 'Người tham gia tố tụng', en: 'Parties' }),
      item.parties.map((party) => `${party.fullName} — ${personRoleName(party.roleCode, lang)}`),
    ],
    [ctx.say({ vi: 'Phân công', en: 'Assigned to' }), item.assigneeIds.map(names.user)],
    [ctx.say({ vi: 'Cập nhật', en: 'Updated' }), item.updatedAt],
  ]);
}
