import type { CaseIndexRow } from '@sohoa/contracts';
import {
  butLucLabels,
  butLucRange,
  vietnameseDate,
  type FrontMatter,
  type IndexRow,
  type OutlineNode,
} from '@sohoa/processing';

/** A page as the export sees it (corrections applied, bút lục inferred where certain). */
export interface PlannedPage {
  id: string;
  ref: string;
  volume: number;
  seq: number;
  isBlank: boolean;
  isCover: boolean;
  butLuc: number | null;
}

/** The parts of the case structure (getCaseStructure) the export uses. */
export interface PlannedSection {
  name: { vi: string };
  documents: Array<{
    type: { name: { vi: string } };
    title: string | null;
    number: string | null;
    date: string | null;
    issuer: string | null;
    butLucFrom: number | null;
    butLucTo: number | null;
    pages: string[];
    persons: Array<{ name: string; role: string }>;
  }>;
}

/** "BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn A – 12/3/2019 – BL 45–48" */
export function documentOutlineTitle(d: PlannedSection['documents'][number]): string {
  const range = butLucRange(d.butLucFrom, d.butLucTo);
  return [
    d.title ?? d.type.name.vi,
    d.persons[0]?.name,
    d.date ? vietnameseDate(d.date) : null,
    range ? `BL ${range}` : null,
  ]
    .filter((part): part is string => Boolean(part))
    .join(' – ');
}

/**
 * Everything of the case file that is not page pixels, from the pages and the structure: page
 * labels, the outline (section → document, each pointing at the document's first exported page)
 * and the index rows. Documents with no page in the export (another volume) are left out.
 */
export function planCasePdf({
  pages,
  sections,
  indexRows,
}: {
  pages: PlannedPage[];
  sections: PlannedSection[];
  /**
   * The rows of the case index (modules/case-index), under their section heading: when given, the
   * PDF's index pages print exactly the rows of the DOCX/XLSX index.
   */
  indexRows?: ReadonlyArray<{ section: string; row: CaseIndexRow }>;
}): { labels: string[]; outline: OutlineNode[]; index: IndexRow[] } {
  const labels = butLucLabels({ pages });
  const indexOfRef = new Map(pages.map((p, i) => [p.ref, i]));
  const outline: OutlineNode[] = [];
  const index: IndexRow[] = [];
  let stt = 0;
  for (const section of sections) {
    const children: OutlineNode[] = [];
    for (const d of section.documents) {
      const first = d.pages
        .map((ref) => indexOfRef.get(ref))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b)[0];
      if (first === undefined) {
        continue;
      }
      children.push({ title: documentOutlineTitle(d), pageIndex: first });
      index.push({
        section: section.name.vi,
        stt: ++stt,
        title: d.title ?? d.type.name.vi,
        number: d.number,
        date: d.date,
        issuer: d.issuer,
        butLucFrom: d.butLucFrom,
        butLucTo: d.butLucTo,
        targetPageIndex: first,
      });
    }
    if (children.length > 0) {
      outline.push({ title: section.name.vi, pageIndex: null, children });
    }
  }
  if (indexRows) {
    const fromIndex = indexRows.flatMap(({ section, row }): IndexRow[] => {
      const first = row.pages
        .map((ref) => indexOfRef.get(ref))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b)[0];
      return first === undefined
        ? []
        : [
            {
              section,
              stt: row.stt,
              title: row.title,
              number: row.number,
              date: row.date,
              issuer: row.issuer,
              butLucFrom: row.butLucFrom,
              butLucTo: row.butLucTo,
              targetPageIndex: first,
            },
          ];
    });
    return { labels, outline, index: fromIndex };
  }
  return { labels, outline, index };
}

/** Sheets (tờ) of the exported pages: distinct bút lục numbers stamped on non-blank pages. */
export function countSheets(pages: PlannedPage[]): number {
  return new Set(
    pages.filter((p) => !p.isBlank && p.butLuc !== null).map((p) => `${p.volume}:${p.butLuc}`),
  ).size;
}

export type { FrontMatter };
