import type { ApiClient } from '@sohoa/api-client';
import type { CaseStructureDto, DocumentFields, StructureEdit } from '@sohoa/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { UsageError } from '../../cli.errors.ts';
import { repeatable } from '../../shared/collect.ts';
import { formatStructure } from '../structure/structure.format.ts';

/*
 * `sohoa document …`: corrections of a case's structure. Documents and pages may be named by id
 * (doc_…, pg_…) or by a bút lục number (the document holding it / the page carrying it), with
 * --volume when several volumes number from 1.
 */

interface Target {
  volume?: string;
}

const documentsOf = (structure: CaseStructureDto) => structure.sections.flatMap((s) => s.documents);

function volumeOf(options: Target): number | undefined {
  if (options.volume === undefined) {
    return undefined;
  }
  const n = Number(options.volume);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError({ message: '--volume: số tập / a volume number' });
  }
  return n;
}

async function resolveDocument({
  api,
  caseId,
  ref,
  options,
  ctx,
}: {
  api: ApiClient;
  caseId: string;
  ref: string;
  options: Target;
  ctx: CliContext;
}): Promise<string> {
  if (ref.startsWith('doc_')) {
    return ref;
  }
  const butLuc = Number(ref);
  if (!Number.isInteger(butLuc)) {
    throw new UsageError({
      message: ctx.say({
        vi: `"${ref}": cần mã tài liệu (doc_…) hoặc số bút lục`,
        en: `"${ref}": expected a document id (doc_…) or a bút lục number`,
      }),
    });
  }
  const volume = volumeOf(options);
  const { structure } = await api.getStructure(caseId);
  const found = documentsOf(structure).filter(
    (d) =>
      d.butLucFrom !== null &&
      d.butLucTo !== null &&
      d.butLucFrom <= butLuc &&
      butLuc <= d.butLucTo &&
      (volume === undefined || d.volume === volume),
  );
  if (found.length !== 1) {
    throw new UsageError({
      message: ctx.say(
        found.length === 0
          ? {
              vi: `Không có tài liệu nào chứa bút lục ${ref}.`,
              en: `No document holds bút lục ${ref}.`,
            }
          : {
              vi: `Bút lục ${ref} có ở nhiều tập: thêm --volume.`,
              en: `Bút lục ${ref} is in several volumes: add --volume.`,
            },
      ),
    });
  }
  return found[0]!.id;
}

async function resolvePage({
  api,
  caseId,
  ref,
  options,
  ctx,
}: {
  api: ApiClient;
  caseId: string;
  ref: string;
  options: Target;
  ctx: CliContext;
}): Promise<string> {
  if (ref.startsWith('pg_')) {
    return ref;
  }
  const butLuc = Number(ref);
  const volume = volumeOf(options);
  const { pages } = await api.listPages(caseId);
  const found = pages.filter(
    (p) => p.butLuc === butLuc && !p.isBlank && (volume === undefined || p.volume === volume),
  );
  if (!Number.isInteger(butLuc) || found.length !== 1) {
    throw new UsageError({
      message: ctx.say({
        vi: `"${ref}": cần mã trang (pg_…) hoặc số bút lục có đúng một trang${found.length > 1 ? ' (thêm --volume)' : ''}`,
        en: `"${ref}": expected a page id (pg_…) or a bút lục carried by exactly one page${found.length > 1 ? ' (add --volume)' : ''}`,
      }),
    });
  }
  return found[0]!.id;
}

function parsePersons(values: string[], ctx: CliContext) {
  return values.map((value) => {
    const at = value.lastIndexOf(':');
    if (at < 1) {
      throw new UsageError({
        message: ctx.say({
          vi: `--person "${value}": dạng "Họ tên:MÃ_VAI_TRÒ", ví dụ "Nguyễn Văn A:BI_CAN"`,
          en: `--person "${value}": use "Full name:ROLE_CODE", e.g. "Nguyễn Văn A:BI_CAN"`,
        }),
      });
    }
    return { name: value.slice(0, at).trim(), role: value.slice(at + 1).trim() };
  });
}

export function registerDocumentCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const documents = program
    .command('document')
    .description(
      'sửa cấu trúc hồ sơ (tách, gộp, dời ranh giới, đổi loại, sửa thông tin, sắp xếp) / correct the case structure',
    );

  const apply = async (caseId: string, build: (api: ApiClient) => Promise<StructureEdit>) => {
    const { api } = await ctx.createApi();
    const edit = await build(api);
    const result = await api.editStructure(caseId, edit);
    ctx.output(result, () =>
      [
        ctx.say({
          vi: `Đã ghi chỉnh sửa ${result.editId} (giữ nguyên khi xử lý lại).`,
          en: `Edit ${result.editId} recorded (kept when processing again).`,
        }),
        formatStructure({ structure: result.structure, ctx }),
      ].join('\n'),
    );
  };

  documents
    .command('split <caseId> <page>')
    .description('bắt đầu tài liệu mới từ trang này / start a new document at this page')
    .option('--volume <n>', 'tập / volume')
    .action((caseId: string, page: string, options: Target) =>
      apply(caseId, async (api) => ({
        op: 'split',
        pageId: await resolvePage({ api, caseId, ref: page, options, ctx }),
      })),
    );

  documents
    .command('merge <caseId> <documents...>')
    .description('gộp các tài liệu liền nhau / merge adjacent documents')
    .option('--volume <n>', 'tập / volume')
    .action((caseId: string, refs: string[], options: Target) =>
      apply(caseId, async (api) => ({
        op: 'merge',
        documentIds: await Promise.all(
          refs.map((ref) => resolveDocument({ api, caseId, ref, options, ctx })),
        ),
      })),
    );

  documents
    .command('move <caseId> <document> <page>')
    .description('tài liệu bắt đầu từ trang này / the document now starts at this page')
    .option('--volume <n>', 'tập / volume')
    .action((caseId: string, document: string, page: string, options: Target) =>
      apply(caseId, async (api) => ({
        op: 'moveBoundary',
        documentId: await resolveDocument({ api, caseId, ref: document, options, ctx }),
        toPageId: await resolvePage({ api, caseId, ref: page, options, ctx }),
      })),
    );

  documents
    .command('type <caseId> <document> <typeCode>')
    .description('đổi loại tài liệu (mã trong danh mục) / change the type (catalogue code)')
    .option('--volume <n>', 'tập / volume')
    .action((caseId: string, document: string, typeCode: string, options: Target) =>
      apply(caseId, async (api) => ({
        op: 'setType',
        documentId: await resolveDocument({ api, caseId, ref: document, options, ctx }),
        typeCode,
      })),
    );

  documents
    .command('set <caseId> <document>')
    .description('sửa thông tin tài liệu / edit a document’s metadata')
    .option('--volume <n>', 'tập / volume')
    .option('--title <text>', 'tên tài liệu / title')
    .option('--number <text>', 'số, ký hiệu / number')
    .option('--date <yyyy-mm-dd>', 'ngày / date')
    .option('--issuer <text>', 'cơ quan ban hành / issuer')
    .option('--signer <text>', 'người ký / signer')
    .option('--note <text>', 'ghi chú / note')
    .option('--section <code>', 'nhóm tài liệu / section code')
    .option(
      '--person <name:ROLE>',
      'người liên quan (lặp lại) / person (repeat)',
      repeatable(String),
    )
    .option('--clear <field>', 'xóa giá trị (lặp lại) / clear a field (repeat)', repeatable(String))
    .action(
      (
        caseId: string,
        document: string,
        options: Target & {
          title?: string;
          number?: string;
          date?: string;
          issuer?: string;
          signer?: string;
          note?: string;
          section?: string;
          person?: string[];
          clear?: string[];
        },
      ) =>
        apply(caseId, async (api) => {
          const fields: DocumentFields = {
            ...(options.title !== undefined ? { title: options.title } : {}),
            ...(options.number !== undefined ? { number: options.number } : {}),
            ...(options.date !== undefined ? { date: options.date } : {}),
            ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
            ...(options.signer !== undefined ? { signer: options.signer } : {}),
            ...(options.note !== undefined ? { notes: options.note } : {}),
            ...(options.section !== undefined ? { sectionCode: options.section } : {}),
            ...(options.person ? { persons: parsePersons(options.person, ctx) } : {}),
          };
          const clearable = ['title', 'number', 'date', 'issuer', 'signer', 'notes'] as const;
          for (const field of options.clear ?? []) {
            const name = field === 'note' ? 'notes' : field;
            if (!(clearable as readonly string[]).includes(name)) {
              throw new UsageError({
                message: `--clear ${field}: ${clearable.join(', ')}`,
              });
            }
            (fields as Record<string, unknown>)[name] = null;
          }
          if (Object.keys(fields).length === 0) {
            throw new UsageError({
              message: ctx.say({
                vi: 'Cần ít nhất một thông tin để sửa (--title, --number, --date …).',
                en: 'Give at least one field to set (--title, --number, --date …).',
              }),
            });
          }
          return {
            op: 'editMetadata',
            documentId: await resolveDocument({ api, caseId, ref: document, options, ctx }),
            fields,
          };
        }),
    );

  documents
    .command('order <caseId> <document>')
    .description('xếp tài liệu ngay sau tài liệu khác / place a document right after another')
    .option('--volume <n>', 'tập / volume')
    .option('--after <document>', 'sau tài liệu này / after this document')
    .option('--first', 'đầu nhóm / first of its section')
    .action(
      (caseId: string, document: string, options: Target & { after?: string; first?: boolean }) =>
        apply(caseId, async (api) => {
          if ((options.after === undefined) === (options.first !== true)) {
            throw new UsageError({ message: '--after <document> | --first' });
          }
          return {
            op: 'reorder',
            documentId: await resolveDocument({ api, caseId, ref: document, options, ctx }),
            afterDocumentId:
              options.after === undefined
                ? null
                : await resolveDocument({ api, caseId, ref: options.after, options, ctx }),
          };
        }),
    );

  documents
    .command('edits <caseId>')
    .description('nhật ký chỉnh sửa cấu trúc / the log of structure edits')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const result = await api.listStructureEdits(caseId);
      ctx.output(
        result,
        () =>
          result.edits
            .map(
              (e) =>
                `${e.revertedAt ? '↶' : '•'} ${e.id}  ${e.createdAt.slice(0, 16).replace('T', ' ')}  ${e.op}  ${e.createdBy?.username ?? ''}${e.revertedAt ? ctx.say({ vi: '  (đã hoàn tác)', en: '  (reverted)' }) : ''}`,
            )
            .join('\n') || ctx.say({ vi: 'Chưa có chỉnh sửa.', en: 'No edits yet.' }),
      );
    });

  documents
    .command('undo <caseId> <editId>')
    .description('hoàn tác một chỉnh sửa / undo one edit')
    .action(async (caseId: string, editId: string) => {
      const { api } = await ctx.createApi();
      const result = await api.revertStructureEdit(caseId, editId);
      ctx.output(result, () =>
        [
          ctx.say({ vi: `Đã hoàn tác ${editId}.`, en: `Edit ${editId} reverted.` }),
          formatStructure({ structure: result.structure, ctx }),
        ].join('\n'),
      );
    });
}
