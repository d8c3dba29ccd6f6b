import type { Page } from '@sohoa/contracts';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';

const int = (label: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${label}: số nguyên ≥ 0 / a whole number ≥ 0`);
  }
  return n;
};

function pageLine(p: Page) {
  const bl =
    p.butLuc === null
      ? '—'
      : `${p.butLuc}${p.butLucSource === 'MANUAL' ? ' (sửa tay)' : p.butLucSource === 'INFERRED' ? ' (suy ra)' : ''}`;
  return `${String(p.volume).padStart(2)}  ${String(p.seq).padStart(5)}  ${bl.padEnd(16)} ${p.isBlank ? 'trắng/blank' : '           '}  ${p.status.padEnd(8)} ${p.rotation}°  ${p.fileName}#${p.sourceIndex + 1}  ${p.id}${p.error ? `  ✗ ${p.error.code}` : ''}`;
}

/** `sohoa page list|correct|reprocess` and `sohoa integrity`: review pages and fix what OCR got wrong. */
export function registerPageCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const page = program.command('page').description('trang của hồ sơ / pages of a case');

  page
    .command('list')
    .description('liệt kê trang theo thứ tự quét / list pages in scan order')
    .requiredOption('--case <caseId>', 'hồ sơ / case id')
    .action(async (options: { case: string }) => {
      const { api } = await ctx.createApi();
      const { pages } = await api.listPages(options.case);
      ctx.output({ pages }, () =>
        [
          `Tập   STT  Bút lục          Trang trắng  Trạng thái  Xoay  Tệp  ID`,
          ...pages.map(pageLine),
        ].join('\n'),
      );
    });

  page
    .command('correct')
    .description('sửa bút lục, hướng xoay hoặc đánh dấu trang trắng / correct a page')
    .argument('<pageId>')
    .requiredOption('--case <caseId>', 'hồ sơ / case id')
    .option('--but-luc <n>', 'bút lục đúng / the right bút lục', int('--but-luc'))
    .option('--no-but-luc', 'trang không có bút lục / the page has no bút lục')
    .option('--rotation <deg>', '0, 90, 180, 270', (v) => {
      if (!['0', '90', '180', '270'].includes(v)) {
        throw new InvalidArgumentError('0, 90, 180 hoặc/or 270');
      }
      return Number(v) as 0 | 90 | 180 | 270;
    })
    .option('--blank', 'là trang trắng / is a blank page')
    .option('--not-blank', 'không phải trang trắng / is not blank')
    .action(
      async (
        pageId: string,
        options: {
          case: string;
          butLuc?: number | false;
          rotation?: 0 | 90 | 180 | 270;
          blank?: boolean;
          notBlank?: boolean;
        },
      ) => {
        const body = {
          ...(options.butLuc === false
            ? { butLuc: null }
            : options.butLuc !== undefined
              ? { butLuc: options.butLuc }
              : {}),
          ...(options.rotation !== undefined ? { rotation: options.rotation } : {}),
          ...(options.blank ? { isBlank: true } : options.notBlank ? { isBlank: false } : {}),
        };
        if (Object.keys(body).length === 0) {
          throw new UsageError({
            message: ctx.say({
              vi: 'Cần ít nhất một thay đổi: --but-luc, --no-but-luc, --rotation, --blank, --not-blank.',
              en: 'Give at least one change: --but-luc, --no-but-luc, --rotation, --blank, --not-blank.',
            }),
          });
        }
        const { api } = await ctx.createApi();
        const result = await api.correctPage(options.case, pageId, body);
        ctx.output(result, () =>
          ctx.say({
            vi: `Đã ghi nhận sửa đổi cho trang ${pageId}.`,
            en: `Correction recorded for page ${pageId}.`,
          }),
        );
      },
    );

  page
    .command('reprocess')
    .description('xử lý lại một trang / run the page step again')
    .argument('<pageId>')
    .requiredOption('--case <caseId>', 'hồ sơ / case id')
    .action(async (pageId: string, options: { case: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.reprocessPage(options.case, pageId);
      ctx.output(result, () =>
        ctx.say({ vi: 'Đã xếp hàng xử lý lại.', en: 'Queued for processing again.' }),
      );
    });

  program
    .command('integrity')
    .description('báo cáo bút lục của hồ sơ / bút lục integrity report of a case')
    .argument('<caseId>')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const { report } = await api.integrity(caseId);
      ctx.output({ report }, () =>
        [
          `${ctx.say({ vi: 'Bút lục cao nhất', en: 'Highest bút lục' })}: ${report.highestButLuc ?? '—'}; ${ctx.say({ vi: 'chiều đánh số', en: 'numbering direction' })}: ${report.direction}; ${ctx.say({ vi: 'trang trắng', en: 'blank pages' })}: ${report.blankPages}`,
          report.complete
            ? ''
            : ctx.say({
                vi: `Còn ${report.pendingPages} trang đang xử lý.`,
                en: `${report.pendingPages} pages still processing.`,
              }),
          report.anomalies.length === 0
            ? ctx.say({ vi: 'Không phát hiện bất thường.', en: 'No anomaly found.' })
            : [
                ctx.say({ vi: 'Bất thường:', en: 'Anomalies:' }),
                ...report.anomalies.map(
                  (a) => `  • ${a.type} ${a.butluc ?? ''}: ${a.pages.join(', ')}`,
                ),
              ].join('\n'),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
}
