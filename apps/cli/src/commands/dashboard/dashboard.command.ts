import { writeFile } from 'node:fs/promises';
import type { Dashboard, DashboardQuery } from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

interface ScopeOptions {
  unit?: string;
  from?: string;
  to?: string;
}

const queryOf = (o: ScopeOptions): DashboardQuery => ({
  ...(o.unit ? { unitId: o.unit } : {}),
  ...(o.from ? { from: o.from } : {}),
  ...(o.to ? { to: o.to } : {}),
});

const withScope = (command: Command) =>
  command
    .option('--unit <unitId>', 'đơn vị (mặc định: đơn vị của bạn) / unit (default: yours)')
    .option('--from <date>', 'từ ngày YYYY-MM-DD (mặc định: đầu năm) / from (default: 1 January)')
    .option('--to <date>', 'đến ngày YYYY-MM-DD (mặc định: cuối năm) / to (default: 31 December)');

function describeDashboard(ctx: CliContext, d: Dashboard): string {
  const line = (name: string, f: Dashboard['totals']) =>
    `${name.padEnd(32)} ${String(f.casesReceived).padStart(6)} ${String(f.casesDigitized).padStart(6)} ${String(f.pagesDigitized).padStart(8)} ${String(f.hearingsWithDigitizedFile).padStart(6)}`;
  return [
    `${d.unit.name} · ${d.from} → ${d.to}`,
    ctx.say({
      vi: `${'Đơn vị'.padEnd(32)} ${'Nhận'.padStart(6)} ${'Số hóa'.padStart(6)} ${'Trang'.padStart(8)} ${'P.tòa'.padStart(6)}`,
      en: `${'Unit'.padEnd(32)} ${'Recv'.padStart(6)} ${'Digit.'.padStart(6)} ${'Pages'.padStart(8)} ${'Hear.'.padStart(6)}`,
    }),
    ...d.units.map((u) => line(`${'  '.repeat(u.depth)}${u.name}`, u.figures)),
    line(ctx.say({ vi: 'Tổng cộng', en: 'Total' }), d.totals),
  ].join('\n');
}

/** `sohoa dashboard show|report`: the steering dashboard through the API (STEERING, LEADER). */
export function registerDashboardCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const dashboard = program
    .command('dashboard')
    .description('bảng điều khiển số hóa / digitization dashboard');

  withScope(dashboard.command('show').description('số liệu theo đơn vị / figures per unit')).action(
    async (options: ScopeOptions) => {
      const { api } = await ctx.createApi();
      const { dashboard: d } = await api.getDashboard(queryOf(options));
      ctx.output(d, () => describeDashboard(ctx, d));
    },
  );

  withScope(
    dashboard
      .command('report')
      .description('xuất báo cáo XLSX hoặc PDF / write the XLSX or PDF report')
      .requiredOption('--out <file>', 'tệp .xlsx hoặc .pdf / an .xlsx or .pdf file'),
  )
    .addOption(new Option('--format <format>', 'xlsx | pdf').choices(['xlsx', 'pdf']))
    .action(async (options: ScopeOptions & { out: string; format?: 'xlsx' | 'pdf' }) => {
      const format =
        options.format ?? (options.out.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xlsx');
      const { api } = await ctx.createApi();
      const { bytes } = await api.downloadDashboardReport(format, queryOf(options));
      await writeFile(options.out, bytes);
      ctx.output({ file: options.out, format, bytes: bytes.byteLength }, () =>
        ctx.say({ vi: `Đã ghi ${options.out}.`, en: `Wrote ${options.out}.` }),
      );
    });
}
