import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

interface StructureDto {
  documentCount: number;
  sections: Array<{
    code: string;
    name: { vi: string; en: string };
    documents: Array<{
      type: { code: string; name: { vi: string; en: string } };
      title: string | null;
      number: string | null;
      date: string | null;
      butLucFrom: number | null;
      butLucTo: number | null;
    }>;
  }>;
}

/** `sohoa structure <caseId>`: sections → documents with type, number, date and bút lục range. */
export function registerStructureCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('structure')
    .description('cấu trúc hồ sơ: nhóm tài liệu → tài liệu / case structure: sections → documents')
    .argument('<caseId>')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const { structure } = await api.request<{ structure: StructureDto }>(
        'GET',
        `/api/cases/${encodeURIComponent(caseId)}/structure`,
      );
      ctx.output({ structure }, () => {
        const lang = ctx.lang();
        const lines: string[] = [];
        for (const section of structure.sections) {
          lines.push(`▸ ${section.name[lang]}`);
          for (const d of section.documents) {
            const bl =
              d.butLucFrom === null
                ? ''
                : ` — BL ${d.butLucFrom}${d.butLucTo !== d.butLucFrom ? `–${d.butLucTo}` : ''}`;
            lines.push(
              `    • ${d.title ?? d.type.name[lang]}${d.number ? ` số ${d.number}` : ''}${d.date ? ` (${d.date})` : ''}${bl}  [${d.type.code}]`,
            );
          }
        }
        lines.push(
          ctx.say({
            vi: `${structure.documentCount} tài liệu.`,
            en: `${structure.documentCount} documents.`,
          }),
        );
        return lines.join('\n');
      });
    });
}
