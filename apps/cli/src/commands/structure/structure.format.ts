import type { CaseStructureDto } from '@sohoa/contracts';
import type { CliContext } from '../../cli.context.ts';

const REVIEW_FLAGS = {
  type_unknown: { vi: 'chưa xác định loại', en: 'type unknown' },
  type_uncertain: { vi: 'loại chưa chắc', en: 'type uncertain' },
  date_unreadable: { vi: 'ngày không đọc được', en: 'date unreadable' },
} as const;

const butLucRange = (from: number | null, to: number | null) =>
  from === null ? '' : ` — BL ${String(from)}${to !== from && to !== null ? `–${String(to)}` : ''}`;

/** Sections → documents, one line each, with the short id a reviewer types in `sohoa document …`. */
export function formatStructure({
  structure,
  ctx,
}: {
  structure: CaseStructureDto;
  ctx: CliContext;
}): string {
  const lang = ctx.lang();
  const lines: string[] = [];
  for (const section of structure.sections) {
    lines.push(`▸ ${section.name[lang]}`);
    for (const d of section.documents) {
      const flags = d.review.map((f) => REVIEW_FLAGS[f as keyof typeof REVIEW_FLAGS]?.[lang] ?? f);
      const marks = [
        ...(d.origin === 'HUMAN' ? [ctx.say({ vi: 'đã sửa', en: 'edited' })] : []),
        ...flags.map((f) => `⚠ ${f}`),
      ];
      lines.push(
        `    • ${d.title ?? d.type.name[lang]}${d.number ? ` số ${d.number}` : ''}${d.date ? ` (${d.date})` : ''}${butLucRange(d.butLucFrom, d.butLucTo)}  [${d.type.code}]${marks.length ? `  {${marks.join('; ')}}` : ''}`,
      );
      const persons = d.persons.map((p) => `${p.name} (${p.role})`).join(', ');
      lines.push(`      ${d.id}${persons ? ` · ${persons}` : ''}${d.notes ? ` · ${d.notes}` : ''}`);
    }
  }
  lines.push(
    ctx.say({
      vi: `${String(structure.documentCount)} tài liệu.`,
      en: `${String(structure.documentCount)} documents.`,
    }),
  );
  return lines.join('\n');
}
