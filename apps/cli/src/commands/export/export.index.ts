import path from 'node:path';
import { CASE_INDEX_FORMATS, type CaseIndexFormat } from '@sohoa/contracts';
import { UsageError } from '../../cli.errors.ts';
import type { ExportTarget } from './export.types.ts';
import { writeFileAtomically } from './export.files.ts';

/** The file format from the extension of the output path (`.docx` or `.xlsx`). */
export function indexFormatOf(file: string): CaseIndexFormat | null {
  const extension = path.extname(file).slice(1).toLowerCase();
  return (CASE_INDEX_FORMATS as readonly string[]).includes(extension)
    ? (extension as CaseIndexFormat)
    : null;
}

/** `--index out.docx|out.xlsx`: the case index (thống kê tài liệu), in the output language. */
export const indexTarget: ExportTarget = {
  key: 'index',
  label: { vi: 'thống kê tài liệu', en: 'case index' },
  flags: '--index <file>',
  description:
    'thống kê tài liệu ra tệp .docx hoặc .xlsx / write the case index to a .docx or .xlsx file',
  validate: ({ value, ctx }) => {
    if (!indexFormatOf(value)) {
      throw new UsageError({
        message: ctx.say({
          vi: `Tệp thống kê tài liệu phải có đuôi .docx hoặc .xlsx: ${value}`,
          en: `The index file must end in .docx or .xlsx: ${value}`,
        }),
      });
    }
  },
  run: async ({ api, caseId, value, ctx }) => {
    const format = indexFormatOf(value)!;
    const download = await api.downloadCaseIndex(caseId, { format, lang: ctx.lang() });
    const written = await writeFileAtomically({ file: value, bytes: download.bytes });
    return { kind: 'index', format, ...written };
  },
};
