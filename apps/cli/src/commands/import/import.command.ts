import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IntakeResult, Progress } from '@sohoa/contracts';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { CliError, UsageError } from '../../cli.errors.ts';

const ACCEPTED = /\.(pdf|tiff?|jpe?g|png|zip)$/i;
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Files in the order they are scanned: a folder's files by the number in their names (natural sort). */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) {
      throw new UsageError({ message: `Không tìm thấy / not found: ${input}` });
    }
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => ACCEPTED.test(n) && !n.startsWith('.'));
      files.push(
        ...names
          .sort((a, b) => collator.compare(a.normalize('NFC'), b.normalize('NFC')))
          .map((n) => path.join(input, n)),
      );
    } else {
      files.push(input);
    }
  }
  return files;
}

const bar = (done: number, total: number, width = 30) => {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
};

function formatEta(seconds: number | null) {
  if (seconds === null) {
    return '…';
  }
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
    : `${seconds}s`;
}

/**
 * `sohoa import <files|folders…> --case <id> [--volume N]`: streams each file to the server (a bad
 * file is reported and the others go on), then follows the processing with a progress bar and
 * prints a summary: pages, blanks, bút lục anomalies, failures.
 */
export function registerImportCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('import')
    .description('nạp bản quét vào hồ sơ / import scanned files into a case')
    .argument('<paths...>', 'tệp hoặc thư mục / files or folders')
    .requiredOption('--case <caseId>', 'hồ sơ / case id')
    .option(
      '--volume <n>',
      'số tập / volume number',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) {
          throw new InvalidArgumentError('số tập phải ≥ 1 / volume must be ≥ 1');
        }
        return n;
      },
      1,
    )
    .option('--no-wait', 'không chờ xử lý xong / do not wait for processing')
    .action(async (paths: string[], options: { case: string; volume: number; wait: boolean }) => {
      const files = await expandInputs(paths);
      const { api } = await ctx.createApi();
      const results: IntakeResult[] = [];
      for (const file of files) {
        const name = path.basename(file);
        ctx.note({ vi: `Đang tải lên ${name}…`, en: `Uploading ${name}…` });
        const body = Readable.toWeb(
          createReadStream(file),
        ) as unknown as ReadableStream<Uint8Array>;
        const { results: r } = await api.uploadFile(options.case, options.volume, name, body);
        for (const result of r) {
          results.push(result);
          if (result.status === 'rejected') {
            ctx.io.stderr.write(
              `  ✗ ${ctx.lang() === 'en' ? result.messages.en : result.messages.vi} [${result.code}]\n`,
            );
          } else if (result.status === 'duplicate') {
            ctx.note({
              vi: `  = ${result.fileName}: đã có trong hồ sơ, bỏ qua.`,
              en: `  = ${result.fileName}: already in the case, skipped.`,
            });
          } else {
            ctx.note({
              vi: `  ✓ ${result.fileName}: ${result.pageCount} trang`,
              en: `  ✓ ${result.fileName}: ${result.pageCount} pages`,
            });
          }
        }
      }
      let progress: Progress | null = null;
      if (options.wait && results.some((r) => r.status === 'accepted')) {
        progress = await follow({ ctx, caseId: options.case, api });
      }
      const integrity = options.wait ? (await api.integrity(options.case)).report : null;
      const summary = {
        files: results,
        pages: progress?.donePages ?? null,
        failedPages: progress?.failedPages ?? null,
        blankPages: integrity?.blankPages ?? null,
        butLucAnomalies: integrity?.anomalies ?? null,
      };
      ctx.output(summary, () => {
        const rejected = results.filter((r) => r.status === 'rejected').length;
        const lines = [
          ctx.say({ vi: 'Kết quả nạp hồ sơ:', en: 'Import summary:' }),
          `  ${ctx.say({ vi: 'Tệp nhận', en: 'Files accepted' })}: ${results.filter((r) => r.status === 'accepted').length}, ${ctx.say({ vi: 'trùng', en: 'duplicates' })}: ${results.filter((r) => r.status === 'duplicate').length}, ${ctx.say({ vi: 'bị từ chối', en: 'rejected' })}: ${rejected}`,
        ];
        if (progress && integrity) {
          lines.push(
            `  ${ctx.say({ vi: 'Trang đã xử lý', en: 'Pages processed' })}: ${progress.donePages}, ${ctx.say({ vi: 'lỗi', en: 'failed' })}: ${progress.failedPages}, ${ctx.say({ vi: 'trang trắng', en: 'blank' })}: ${integrity.blankPages}`,
            `  ${ctx.say({ vi: 'Bút lục cao nhất', en: 'Highest bút lục' })}: ${integrity.highestButLuc ?? '—'}, ${ctx.say({ vi: 'bất thường', en: 'anomalies' })}: ${integrity.anomalies.length}`,
            ...integrity.anomalies
              .slice(0, 20)
              .map(
                (a) =>
                  `    • ${a.type} ${a.butluc ?? ''} (${a.pages.length} ${ctx.say({ vi: 'trang', en: 'page(s)' })})`,
              ),
          );
        }
        return lines.join('\n');
      });
      if (results.some((r) => r.status === 'rejected') || (progress?.failedPages ?? 0) > 0) {
        throw new CliError({
          message: ctx.say({
            vi: 'Một số tệp hoặc trang không nạp được (xem trên).',
            en: 'Some files or pages failed (see above).',
          }),
        });
      }
    });
}

async function follow({
  ctx,
  caseId,
  api,
}: {
  ctx: CliContext;
  caseId: string;
  api: Awaited<ReturnType<CliContext['createApi']>>['api'];
}): Promise<Progress> {
  const tty = ctx.io.stderr.isTTY === true && !ctx.isJson();
  let lastLine = '';
  for (;;) {
    const { progress } = await api.progress(caseId);
    const line = `${bar(progress.donePages + progress.failedPages, progress.expectedPages)} ${progress.donePages}/${progress.expectedPages} ${ctx.say({ vi: 'trang', en: 'pages' })}, ${progress.failedPages} ${ctx.say({ vi: 'lỗi', en: 'failed' })}, ETA ${formatEta(progress.etaSeconds)}`;
    if (tty) {
      ctx.io.stderr.write(`\r${line}`);
    } else if (line !== lastLine && !ctx.isJson()) {
      ctx.io.stderr.write(`${line}\n`);
    }
    lastLine = line;
    if (progress.finished) {
      if (tty) {
        ctx.io.stderr.write('\n');
      }
      return progress;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
