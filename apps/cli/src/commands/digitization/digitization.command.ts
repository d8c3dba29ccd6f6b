import {
  DIGITIZATION_STATUS_LABELS,
  DIGITIZATION_STATUSES,
  type DigitizationChecklistItem,
  type DigitizationState,
  type DigitizationStatus,
} from '@sohoa/contracts';
import { Argument, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

const ITEM_NAMES: Record<DigitizationChecklistItem, { vi: string; en: string }> = {
  volumes_imported: { vi: 'Đã nhập đủ các tập', en: 'Every volume imported' },
  pages_processed: { vi: 'Đã xử lý xong mọi trang', en: 'Every page processed' },
  integrity_resolved: {
    vi: 'Bất thường bút lục đã xử lý hoặc giải trình',
    en: 'Bút lục anomalies resolved or explained',
  },
  structure_reviewed: { vi: 'Cấu trúc hồ sơ đã kiểm tra', en: 'Structure reviewed' },
  index_produced: { vi: 'Đã lập mục lục (DOCX/XLSX)', en: 'Index produced (DOCX/XLSX)' },
  pdf_exported: {
    vi: 'Đã xuất và kiểm tra tệp PDF hồ sơ',
    en: 'Case PDF exported and verified',
  },
};

export function formatDigitization({
  digitization,
  ctx,
}: {
  digitization: DigitizationState;
  ctx: CliContext;
}): string {
  const lang = ctx.lang();
  const label = (s: DigitizationStatus) => `${DIGITIZATION_STATUS_LABELS[s][lang]} (${s})`;
  const lines = [ctx.say({ vi: 'Trạng thái: ', en: 'State: ' }) + label(digitization.status), ''];
  lines.push(ctx.say({ vi: 'Danh sách kiểm tra:', en: 'Checklist:' }));
  for (const entry of digitization.checklist) {
    const details = Object.entries(entry.details)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    lines.push(`  ${entry.ok ? '✔' : '✖'} ${ITEM_NAMES[entry.item][lang]}  ${details}`);
  }
  lines.push('', ctx.say({ vi: 'Bước tiếp theo:', en: 'Next steps:' }));
  for (const step of digitization.steps) {
    const notes = [
      step.allowed ? '' : ctx.say({ vi: 'không phải vai trò của bạn', en: 'not your role' }),
      step.reasonRequired ? ctx.say({ vi: 'cần lý do', en: 'reason needed' }) : '',
      step.blockedBy.length
        ? ctx.say({ vi: 'còn thiếu: ', en: 'missing: ' }) + step.blockedBy.join(', ')
        : '',
    ].filter(Boolean);
    lines.push(`  → ${label(step.to)}${notes.length ? `  [${notes.join('; ')}]` : ''}`);
  }
  if (digitization.history.length) {
    lines.push('', ctx.say({ vi: 'Lịch sử:', en: 'History:' }));
    for (const h of digitization.history) {
      const who = h.automatic
        ? ctx.say({ vi: 'tự động', en: 'automatic' })
        : (h.actorName ?? h.actorId ?? '?');
      lines.push(
        `  ${h.at.slice(0, 16).replace('T', ' ')}  ${h.from} → ${h.to}  ${who}${h.reason ? ` — ${h.reason}` : ''}`,
      );
    }
  }
  if (digitization.explanations.length) {
    lines.push('', ctx.say({ vi: 'Giải trình bất thường:', en: 'Anomaly explanations:' }));
    for (const e of digitization.explanations) {
      lines.push(`  ${e.anomalyKey}: ${e.note} (${e.authorName ?? '?'})`);
    }
  }
  return lines.join('\n');
}

/** `sohoa case digitization | advance | explain` (subcommands of `case`). */
export function registerDigitizationCommands({ cases, ctx }: { cases: Command; ctx: CliContext }) {
  cases
    .command('digitization <caseId>')
    .description(
      'quy trình số hóa: trạng thái, danh sách kiểm tra, lịch sử / digitization procedure: state, checklist, history',
    )
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const result = await api.getDigitization(caseId);
      ctx.output(result, () => formatDigitization({ digitization: result.digitization, ctx }));
    });

  cases
    .command('advance')
    .description(
      'chuyển bước quy trình số hóa (ví dụ APPROVED để duyệt) / take a step of the digitization procedure',
    )
    .argument('<caseId>')
    .addArgument(
      new Argument('<status>', 'trạng thái mới / new state').choices(DIGITIZATION_STATUSES),
    )
    .option('--reason <text>', 'lý do (bắt buộc khi quay lại) / reason (needed to go back)')
    .action(async (caseId: string, status: DigitizationStatus, options: { reason?: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.transitionDigitization(caseId, {
        to: status,
        ...(options.reason ? { reason: options.reason } : {}),
      });
      ctx.output(result, () => formatDigitization({ digitization: result.digitization, ctx }));
    });

  cases
    .command('explain <caseId> <anomalyKey>')
    .description(
      'giải trình một bất thường bút lục (khóa lấy từ `sohoa integrity --json`) / explain a bút lục anomaly',
    )
    .requiredOption('--note <text>', 'nội dung giải trình / explanation')
    .action(async (caseId: string, anomalyKey: string, options: { note: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.explainAnomaly(caseId, { anomalyKey, note: options.note });
      ctx.output(result, () => formatDigitization({ digitization: result.digitization, ctx }));
    });
}
