import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { formatStructure } from './structure.format.ts';

/** `sohoa structure <caseId>`: sections → documents with type, number, date and bút lục range. */
export function registerStructureCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  program
    .command('structure')
    .description('cấu trúc hồ sơ: nhóm tài liệu → tài liệu / case structure: sections → documents')
    .argument('<caseId>')
    .action(async (caseId: string) => {
      const { api } = await ctx.createApi();
      const { structure } = await api.getStructure(caseId);
      ctx.output({ structure }, () => formatStructure({ structure, ctx }));
    });
}
