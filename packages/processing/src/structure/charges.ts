/**
 * Charges (tội danh, điểm/khoản/Điều of the Criminal Code) read from the text of a decision,
 * conclusion or indictment. Matching runs on a folded copy of the text that keeps the original's
 * character positions, so OCR-mangled diacritics still match and names come out as printed.
 */
import { compact, similarity } from './text.ts';

/** One charge: the offence's name as printed and where the Criminal Code defines it. */
export interface ExtractedCharge {
  /** "Trộm cắp tài sản"; null when only the article was found. */
  name: string | null;
  article: number | null;
  clause: number | null;
  /** điểm, as letters ("c", or "a, c" when several are cited together). */
  point: string | null;
  code: 'BLHS';
  /** The matched text, for review. */
  evidence: string;
  /** Character offset of the match in the (whitespace-normalised) text. */
  offset: number;
}

/**
 * Text normalised for matching: NFC, one space for any run of whitespace, the Icelandic Ð that OCR
 * gives for Đ replaced, and a folded twin of the same length (no diacritics, upper case).
 */
export function foldAligned(text: string): { original: string; folded: string } {
  const original = text
    .normalize('NFC')
    .replace(/[Ðð]/g, (c) => (c === 'Ð' ? 'Đ' : 'đ'))
    .replace(/[“”„"«»]/g, '"')
    .replace(/\s+/g, ' ');
  let folded = '';
  for (const ch of original) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').toUpperCase();
    // Keep one character per UTF-16 unit of the original so offsets line up.
    folded += (f[0] ?? ' ').padEnd(ch.length, ' ');
  }
  return { original, folded };
}

/** Digits as OCR prints them: l/I/| for 1, O for 0 inside a number. */
const NUM = '[0-9][0-9LIO|]*|[LI|][0-9][0-9LIO|]*';
const toNumber = (raw: string) =>
  Number.parseInt(raw.replace(/[LI|]/g, '1').replace(/O/g, '0'), 10);

/** "điểm c", "điểm a, c", "điểm a và c", then "khoản 2", then "Điều 173", then the code's name. */
const CITATION = new RegExp(
  String.raw`(?:DIEM\s+([A-Z](?:\s*(?:,|VA)\s*[A-Z])*)\s*,?\s+)?` +
    String.raw`(?:KHOAN\s+(${NUM})\s*,?\s+)?` +
    String.raw`DIEU\s+(${NUM})\s*,?\s*` +
    String.raw`(?:CUA\s+)?(BO\s*LUAT\s+HINH\s+SU|BLHS)`,
  'g',
);

/** `tội "Name"` or `tội Name` up to a citation, a clause, or punctuation. */
const NAME = new RegExp(
  String.raw`\bTOI\s+(?:DANH\s*:?\s*)?("([^"]{3,80})"|([A-Z][A-Z ]{2,80}?))(?=\s*(?:[,.;:–-]|"|$|(?:QUY DINH|THEO|XAY RA|KHOAN|DIEM|DIEU)\b))`,
  'g',
);

/**
 * Articles of the general part of the Criminal Code (Điều 1–107: principles, circumstances,
 * penalties) are cited for mitigating or aggravating circumstances, not as offences.
 */
const FIRST_OFFENCE_ARTICLE = 108;

/** Words that follow "tội" without naming an offence ("tội phạm", "tội danh" alone …). */
const NOT_A_NAME = /^(PHAM|DANH|TRANG|CUA|NAY|DO|GI)\b/;

/** Offence names in the text with their offsets (only those followed by a citation or quoted). */
function findNames(original: string, folded: string) {
  const names: Array<{ name: string; offset: number; end: number }> = [];
  // Overlapping scan: "tội phạm của tội “X”" must still find "tội “X”".
  const re = new RegExp(NAME.source, 'g');
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    re.lastIndex = m.index + 3;
    const quoted = m[2] !== undefined;
    const group = quoted ? m[2]! : m[3]!;
    const start = m.index + m[0].indexOf(group);
    const name = original.slice(start, start + group.length).trim();
    const inside = names.some((n) => m.index < n.end);
    if (inside || NOT_A_NAME.test(group.trim()) || name.length < 3) {
      continue;
    }
    names.push({ name, offset: m.index, end: m.index + m[0].length });
  }
  return names;
}

/**
 * The charges cited in `text`: each "điểm … khoản … Điều … Bộ luật Hình sự/BLHS", with the offence
 * name printed just before it ("về tội “Trộm cắp tài sản” quy định tại khoản 1 Điều 173 …"), and
 * quoted offence names without a citation. Citations of the procedure code (BLTTHS) are ignored.
 * Duplicates (same article, clause and point) are merged, the first name winning.
 *
 * @example
 * extractCharges({ text: 'về tội “Trộm cắp tài sản” quy định tại điểm c khoản 2 Điều 173 Bộ luật Hình sự' })
 * // → { charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: 2, point: 'c', code: 'BLHS', … }] }
 */
export function extractCharges({ text }: { text: string }): { charges: ExtractedCharge[] } {
  const { original, folded } = foldAligned(text);
  const names = findNames(original, folded);
  const charges: ExtractedCharge[] = [];
  const usedNames = new Set<number>();
  for (const m of folded.matchAll(CITATION)) {
    // "Bộ luật Tố tụng hình sự" never matches: the code's name must follow the article directly.
    const article = toNumber(m[3]!);
    if (article < FIRST_OFFENCE_ARTICLE) {
      continue;
    }
    const point = m[1] ? m[1].replace(/\s*(?:,|VA)\s*/g, ', ').toLowerCase() : null;
    const named = names
      .filter((n) => n.end <= m.index + 1 && m.index - n.end < 60)
      .sort((a, b) => b.end - a.end)[0];
    if (named) {
      usedNames.add(named.offset);
    }
    charges.push({
      name: named?.name ?? null,
      article,
      clause: m[2] ? toNumber(m[2]) : null,
      point,
      code: 'BLHS',
      evidence: original.slice(named?.offset ?? m.index, m.index + m[0].length),
      offset: m.index,
    });
  }
  for (const n of names) {
    if (!usedNames.has(n.offset) && folded.slice(n.offset, n.end).includes('"')) {
      charges.push({
        name: n.name,
        article: null,
        clause: null,
        point: null,
        code: 'BLHS',
        evidence: original.slice(n.offset, n.end),
        offset: n.offset,
      });
    }
  }
  return { charges: nameSingleOffence(mergeCharges(charges)) };
}

/** When a text names one offence only, its unnamed citations are of that offence. */
function nameSingleOffence(charges: ExtractedCharge[]): ExtractedCharge[] {
  const names = new Set(charges.map((c) => c.name && foldAligned(c.name).folded).filter(Boolean));
  const named = charges.find((c) => c.name);
  if (names.size !== 1 || !named) {
    return charges;
  }
  const filled = charges.map((c) => (c.name ? c : { ...c, name: named.name }));
  return mergeCharges(filled);
}

/** One charge per (article, clause, point); a name-only charge joins a cited one of the same name. */
function mergeCharges(charges: ExtractedCharge[]): ExtractedCharge[] {
  const out: ExtractedCharge[] = [];
  const key = (c: ExtractedCharge) => `${c.article}|${c.clause}|${c.point}`;
  const fold = (s: string | null) => (s ? foldAligned(s).folded : '');
  for (const c of charges.sort((a, b) => a.offset - b.offset)) {
    if (c.article === null) {
      if (!out.some((o) => fold(o.name) === fold(c.name))) {
        out.push(c);
      }
      continue;
    }
    const same = out.find((o) => o.article !== null && key(o) === key(c));
    if (same) {
      same.name ??= c.name;
      continue;
    }
    const nameOnly = out.findIndex((o) => o.article === null && fold(o.name) === fold(c.name));
    if (nameOnly >= 0) {
      out.splice(nameOnly, 1);
    }
    out.push(c);
  }
  return out;
}

/** A charge found in one document of a case. */
export interface DocumentCharge extends Omit<ExtractedCharge, 'offset'> {
  documentId: string;
}

/** The same offence across documents: its citation, its usual name and where it is cited. */
export interface CaseCharge extends Omit<ExtractedCharge, 'offset'> {
  documentIds: string[];
}

/** Names equal once folded, or within OCR noise ("Irộm cắp - tài sản"). */
const sameName = (a: string | null, b: string | null) =>
  a === null || b === null || similarity(compact(a), compact(b), 0.8) > 0;

/**
 * One entry per charge of a case: citations of the same article, clause and point with similar
 * names are merged (the most frequent spelling wins), and a name cited without an article joins
 * the cited charge of the same name.
 *
 * @example
 * mergeCaseCharges({ charges: [a173FromDoc1, a173FromDoc2] }).charges // one charge, documentIds [doc1, doc2]
 */
export function mergeCaseCharges({ charges }: { charges: readonly DocumentCharge[] }): {
  charges: CaseCharge[];
} {
  const groups: Array<{ charge: CaseCharge; names: Map<string, number> }> = [];
  const cited = [...charges].sort(
    (a, b) => Number(a.article === null) - Number(b.article === null),
  );
  for (const { documentId, ...c } of cited) {
    const group = groups.find(
      (g) =>
        (c.article === null ||
          (g.charge.article === c.article &&
            g.charge.clause === c.clause &&
            g.charge.point === c.point)) &&
        sameName(g.charge.name, c.name) &&
        (c.article !== null || c.name !== null),
    );
    if (!group) {
      groups.push({
        charge: { ...c, documentIds: [documentId] },
        names: new Map(c.name ? [[c.name, 1]] : []),
      });
      continue;
    }
    if (!group.charge.documentIds.includes(documentId)) {
      group.charge.documentIds.push(documentId);
    }
    if (c.name) {
      group.names.set(c.name, (group.names.get(c.name) ?? 0) + 1);
    }
  }
  return {
    charges: groups.map(({ charge, names }) => ({
      ...charge,
      name: [...names].sort((a, b) => b[1] - a[1])[0]?.[0] ?? charge.name,
    })),
  };
}
