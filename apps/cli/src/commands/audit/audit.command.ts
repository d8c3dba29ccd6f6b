import { writeFile } from 'node:fs/promises';
import type { AuditChainBreak, AuditEvent, AuditQuery, AuditVerification } from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError } from '../../cli.errors.ts';

interface FilterOptions {
  case?: string;
  user?: string;
  unit?: string;
  action?: string;
  from?: string;
  to?: string;
}

const filterOf = (o: FilterOptions): AuditQuery => ({
  ...(o.case ? { caseId: o.case } : {}),
  ...(o.user ? { userId: o.user } : {}),
  ...(o.unit ? { unitId: o.unit } : {}),
  ...(o.action ? { action: o.action } : {}),
  ...(o.from ? { from: o.from } : {}),
  ...(o.to ? { to: o.to } : {}),
});

const withFilters = (command: Command) =>
  command
    .option('--case <caseId>', 'một vụ án / one case')
    .option('--user <userId>', 'một người dùng / one user')
    .option('--unit <unitId>', 'đơn vị và các đơn vị cấp dưới / a unit and those below it')
    .option('--action <action>', 'một loại hành động, ví dụ case.read / one action, e.g. case.read')
    .option('--from <date>', 'từ ngày (ISO) / from (ISO date)')
    .option('--to <date>', 'đến trước ngày (ISO) / before (ISO date)');

const REASONS: Record<AuditChainBreak['reason'], { vi: string; en: string }> = {
  hash_mismatch: { vi: 'nội dung sự kiện bị sửa', en: 'the event was edited' },
  prev_hash_mismatch: {
    vi: 'không nối với sự kiện trước (bị xóa, chèn hoặc đổi thứ tự)',
    en: 'does not link to the event before (deleted, inserted or reordered)',
  },
  missing_hash: { vi: 'thiếu mã băm (ghi ngoài ứng dụng)', en: 'no hash (written around the app)' },
  tail_missing: {
    vi: 'đầu chuỗi không khớp sự kiện cuối (sự kiện cuối bị xóa)',
    en: 'the chain head does not match the last event (events at the end deleted)',
  },
};

/** Human rendering of a verification; exported for the in-process and the API variants. */
export function describeVerification(ctx: CliContext, result: AuditVerification): string {
  if (result.ok) {
    return ctx.say({
      vi: `Chuỗi nhật ký nguyên vẹn: ${result.checked} sự kiện, sự kiện cuối #${result.head.lastSeq ?? '-'} (${result.head.lastHash ?? '-'}).`,
      en: `Audit chain intact: ${result.checked} events, last #${result.head.lastSeq ?? '-'} (${result.head.lastHash ?? '-'}).`,
    });
  }
  const first = result.firstBreak!;
  const where = `#${first.seq ?? '?'}${first.id ? ` (${first.id}, ${first.occurredAt})` : ''}`;
  return [
    ctx.say({
      vi: `CHUỖI NHẬT KÝ BỊ PHÁ VỠ tại sự kiện ${where}: ${REASONS[first.reason].vi}; sự kiện nguyên vẹn trước đó #${first.previousSeq ?? '-'}.`,
      en: `AUDIT CHAIN BROKEN at event ${where}: ${REASONS[first.reason].en}; last intact event before it #${first.previousSeq ?? '-'}.`,
    }),
    ...result.breaks.slice(1).map((b) => `  #${b.seq ?? '?'}: ${ctx.say(REASONS[b.reason])}`),
  ].join('\n');
}

function formatEvent(e: AuditEvent): string {
  const who = e.actorUsername ?? '-';
  const roles = e.actorRoles.length ? `[${e.actorRoles.join(',')}]` : '';
  const target = e.targetKind ? `${e.targetKind}:${e.targetId ?? ''}` : (e.caseId ?? '');
  return `#${e.seq}  ${e.occurredAt}  ${who}${roles}  ${e.action}${e.outcome === 'SUCCESS' ? '' : ` (${e.outcome})`}  ${target}  ${e.ip ?? ''}`;
}

/**
 * `sohoa audit list|export|verify`. `list` and `export` go through the API (the viewer's subtree,
 * audited); `verify` reads the database directly by default, so a compromised or stopped server
 * cannot hide a broken chain, and `--server` asks the running server instead (ADMIN, IT_SUPPORT).
 */
export function registerAuditCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const audit = program.command('audit').description('nhật ký kiểm toán / audit trail');

  withFilters(
    audit.command('list').description('xem sự kiện (mới nhất trước) / list events (newest first)'),
  )
    .option('--limit <n>', 'số sự kiện / number of events', (v) => Number.parseInt(v, 10), 50)
    .action(async (options: FilterOptions & { limit: number }) => {
      const { api } = await ctx.createApi();
      const result = await api.listAudit({ ...filterOf(options), limit: options.limit });
      ctx.output(result, () =>
        result.events.length === 0
          ? ctx.say({ vi: 'Không có sự kiện.', en: 'No events.' })
          : result.events.map(formatEvent).join('\n'),
      );
    });

  withFilters(
    audit
      .command('export')
      .description('xuất sự kiện ra CSV/XLSX / export events as CSV or XLSX')
      .argument('<file>', 'tệp kết quả (.csv hoặc .xlsx) / output file'),
  )
    .addOption(new Option('--format <format>', 'csv | xlsx').choices(['csv', 'xlsx']))
    .action(async (file: string, options: FilterOptions & { format?: 'csv' | 'xlsx' }) => {
      const format = options.format ?? (file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
      const { api } = await ctx.createApi();
      const { bytes } = await api.downloadAudit(format, filterOf(options));
      await writeFile(file, bytes);
      ctx.output({ file, format, bytes: bytes.byteLength }, () =>
        ctx.say({ vi: `Đã ghi ${file}.`, en: `Wrote ${file}.` }),
      );
    });

  audit
    .command('verify')
    .description(
      'kiểm tra chuỗi băm của nhật ký (đọc trực tiếp cơ sở dữ liệu) / verify the hash chain (reads the database directly)',
    )
    .option('--server', 'hỏi máy chủ đang chạy thay vì đọc cơ sở dữ liệu / ask the running server')
    .action(async (options: { server?: boolean }) => {
      let result: AuditVerification;
      if (options.server) {
        const { api } = await ctx.createApi();
        result = await api.verifyAudit();
      } else {
        const { runAuditVerify } = await import('@sohoa/server');
        result = await runAuditVerify({ env: ctx.io.env });
      }
      if (!result.ok) {
        if (ctx.isJson()) {
          ctx.output(result, () => '');
        }
        throw new CliError({ message: describeVerification(ctx, result) });
      }
      ctx.output(result, () => describeVerification(ctx, result));
    });
}
