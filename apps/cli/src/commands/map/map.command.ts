import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAP_EXPORT_FORMATS, MAP_IMPORT_FORMATS, type MapImportFormat } from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';
import { writeFileAtomically } from '../export/export.files.ts';

/*
 * `sohoa map …`: mind maps of a case (sơ đồ hóa). List them, draft one from the case structure,
 * export one as XMind/FreeMind/OPML/SVG/PNG/PDF, import an XMind/FreeMind/OPML file.
 */
export function registerMapCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const map = program.command('map').description('sơ đồ tư duy của vụ án / case mind maps');

  map
    .command('list <caseId>')
    .description('các sơ đồ của vụ án / maps of a case')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const result = await api.listMaps(caseId);
      ctx.output(result, () =>
        result.maps.length === 0
          ? ctx.say({ vi: 'Chưa có sơ đồ nào.', en: 'No map yet.' })
          : result.maps
              .map(
                (m) =>
                  `${m.id}  ${m.title}  (${m.nodeCount} ${ctx.say({ vi: 'nút', en: 'nodes' })})`,
              )
              .join('\n'),
      );
    });

  map
    .command('draft <caseId>')
    .description('tạo bản nháp từ cấu trúc hồ sơ / draft a map from the case structure')
    .option('--title <title>', 'tên sơ đồ / map title')
    .action(async (caseId: string, options: { title?: string }) => {
      const { api } = await ctx.createApi();
      const result = await api.draftMap(caseId, options.title ? { title: options.title } : {});
      ctx.output(result, () => `${result.map.id}  ${result.map.title}  (${result.map.nodeCount})`);
    });

  map
    .command('export <caseId> <mapId>')
    .description('xuất sơ đồ ra tệp / export a map to a file')
    .addOption(
      new Option('--format <format>', 'định dạng / format')
        .choices([...MAP_EXPORT_FORMATS])
        .default('xmind'),
    )
    .option(
      '--out <file>',
      'tệp ghi ra (mặc định: theo tên sơ đồ) / output file (default: from the title)',
    )
    .action(async (caseId: string, mapId: string, options: { format: string; out?: string }) => {
      const { api } = await ctx.createApi();
      const format = options.format as (typeof MAP_EXPORT_FORMATS)[number];
      const file = await api.exportMap(caseId, mapId, format);
      const out = options.out ?? file.fileName ?? `${mapId}.${format}`;
      const written = await writeFileAtomically({ file: out, bytes: file.bytes });
      ctx.output({ format, ...written }, () =>
        ctx.say({ vi: `Đã ghi ${out}`, en: `Wrote ${out}` }),
      );
    });

  map
    .command('import <caseId> <file>')
    .description('nhập tệp .xmind, .mm hoặc .opml thành sơ đồ mới / import a map file')
    .action(async (caseId: string, file: string) => {
      const extension = path.extname(file).slice(1).toLowerCase();
      if (!(MAP_IMPORT_FORMATS as readonly string[]).includes(extension)) {
        throw new UsageError({
          message: ctx.say({
            vi: `Chỉ nhận tệp .xmind, .mm hoặc .opml: ${file}`,
            en: `Only .xmind, .mm or .opml files: ${file}`,
          }),
        });
      }
      const { api } = await ctx.createApi();
      const result = await api.importMap(
        caseId,
        extension as MapImportFormat,
        new Uint8Array(await readFile(file)),
      );
      ctx.output(result, () => `${result.map.id}  ${result.map.title}  (${result.map.nodeCount})`);
    });
}
