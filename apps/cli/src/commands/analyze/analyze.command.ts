import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

/**
 * `sohoa analyze <files|folders…> --out result.json`: the whole pipeline on an in-memory database
 * (no server, nothing kept), writing the evaluation format that ../shared/samples/score.mjs reads.
 */
export function registerAnalyzeCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('analyze')
    .description('phân tích bản quét không cần máy chủ / analyse scans without a server')
    .argument(
      '<paths...>',
      'tệp hoặc thư mục; mỗi tệp là một tập / files or folders, one volume each',
    )
    .requiredOption('--out <file>', 'tệp kết quả JSON / output JSON file')
    .addOption(
      new Option('--engine <name>', 'OCR engine')
        .choices(['auto', 'tesseractjs', 'tesseract_cli'])
        .default('auto'),
    )
    .addOption(
      new Option('--kind <kind>', 'loại vụ án / case kind')
        .choices(['criminal', 'civil', 'commercial', 'labour', 'administrative', 'family'])
        .default('criminal'),
    )
    .option('--pdf <file>', 'ghi thêm hồ sơ số (PDF) / also write the digital case file (PDF)')
    .addOption(
      new Option('--profile <profile>', 'hồ sơ PDF: pdfa | working')
        .choices(['pdfa', 'working'])
        .default('pdfa'),
    )
    .option('--threads <n>', 'số luồng / worker threads', (v) =>
      Math.max(1, Number.parseInt(v, 10) || 1),
    )
    .action(
      async (
        paths: string[],
        options: {
          out: string;
          pdf?: string;
          profile: 'pdfa' | 'working';
          engine: 'auto' | 'tesseractjs' | 'tesseract_cli';
          threads?: number;
          kind: 'criminal' | 'civil' | 'commercial' | 'labour' | 'administrative' | 'family';
        },
      ) => {
        // The one other sanctioned server import (convention 20): analysis runs the server's pipeline in-process.
        const { runAnalyze } = await import('@sohoa/server');
        const tty = ctx.io.stderr.isTTY === true && !ctx.isJson();
        const { output, seconds, pdf } = await runAnalyze({
          inputs: paths,
          ...(options.pdf ? { pdf: { path: options.pdf, profile: options.profile } } : {}),
          ocrEngine: options.engine,
          caseKind: options.kind,
          ...(options.threads ? { threads: options.threads } : {}),
          onProgress: ({ done, total }) => {
            if (tty) {
              ctx.io.stderr.write(`\r${done}/${total}`);
            }
          },
        });
        await writeFile(options.out, `${JSON.stringify(output, null, 2)}\n`);
        ctx.output(
          {
            out: options.out,
            pages: output.pages.length,
            seconds,
            rejected: output.rejected_files,
            pdf,
          },
          () =>
            [
              ctx.say({
                vi: `Đã ghi ${options.out}: ${output.pages.length} trang trong ${seconds.toFixed(1)} giây.`,
                en: `Wrote ${options.out}: ${output.pages.length} pages in ${seconds.toFixed(1)} s.`,
              }),
              ...(pdf
                ? [
                    ctx.say({
                      vi: `Đã ghi hồ sơ số ${pdf.path}: ${pdf.pageCount} trang, ${(pdf.bytes / 1e6).toFixed(1)} MB.`,
                      en: `Wrote the case file ${pdf.path}: ${pdf.pageCount} pages, ${(pdf.bytes / 1e6).toFixed(1)} MB.`,
                    }),
                  ]
                : []),
              ...output.rejected_files.map((f) => `  ✗ ${f.file}: ${f.code}`),
            ].join('\n'),
        );
      },
    );
}
