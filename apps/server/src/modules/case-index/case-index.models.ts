import {
  CASE_KIND_LABELS,
  documentTypeOf,
  PERSON_ROLES,
  SECTIONS,
  type CaseIndex,
  type CaseIndexFlag,
  type CaseIndexRow,
  type CaseIndexVolume,
  type CaseKind,
} from '@sohoa/contracts';
import { caseIndexLabels } from './case-index.labels.ts';

type Language = 'vi' | 'en';
type Bilingual = { vi: string; en: string };

/** A document as `getCaseStructure` lists it (extra fields such as a human `notes` are used when present). */
export interface IndexSourceDocument {
  id: string;
  volume: number;
  type: { code: string; name: Bilingual };
  title: string | null;
  number: string | null;
  /** ISO yyyy-mm-dd. */
  date: string | null;
  issuer: string | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  pages: string[];
  persons: Array<{ name: string; role: string }>;
  /** A reviewer's note, printed in Ghi chú. */
  notes?: string | null;
  /** Whose statement the record holds, when structuring found it (preferred to the persons). */
  declarant?: { name: string; role: string | null } | null;
  /** Why a reviewer should look (`type_unknown`, `type_uncertain`, `date_unreadable`). */
  review?: string[];
}

export interface IndexSourceStructure {
  sections: Array<{ code: string; name: Bilingual; documents: IndexSourceDocument[] }>;
}

export interface IndexSourceCase {
  id: string;
  title: string;
  kind: CaseKind;
  nationalCode: string | null;
  internalNumber: string | null;
  charges: Array<{
    name: string;
    article?: string | number | null;
    clause?: string | number | null;
    law?: string | null;
  }>;
}

const FALLBACK_TYPE = 'KHAC';
const rolesByCode = new Map(PERSON_ROLES.map((r) => [r.code, r]));
const sectionOrder = new Map(SECTIONS.map((s) => [s.code, s.order]));

/** yyyy-mm-dd → dd/mm/yyyy; anything else (impossible or partial dates) → null. */
export function formatDateVi(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) {
    return null;
  }
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== m.slice(1).join('-')) {
    return null;
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/**
 * Printed titles are in capitals; an index lists them in sentence case. Tokens carrying digits,
 * slashes or inner hyphens (numbers, symbols like QĐ-CSĐT) keep their capitals.
 */
export function sentenceCase(title: string): string {
  const text = title.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text !== text.toLocaleUpperCase('vi') || !/\p{L}/u.test(text)) {
    return text;
  }
  const lowered = text
    .split(' ')
    .map((token) => (/[\d/]|\p{L}-\p{L}/u.test(token) ? token : token.toLocaleLowerCase('vi')))
    .join(' ');
  return lowered.charAt(0).toLocaleUpperCase('vi') + lowered.slice(1);
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** "Người có quyền lợi, nghĩa vụ liên quan (…)" → "người có quyền lợi, nghĩa vụ liên quan". */
const roleLabel = (name: string) => {
  const bare = name.replace(/\s*\(.*\)\s*$/, '').trim();
  return bare.charAt(0).toLocaleLowerCase('vi') + bare.slice(1);
};

/**
 * The person a statement belongs to. Statements are the catalogue's `by_person_role` types and
 * minutes or statements filed in a section the catalogue reserves for a person role (lời khai bị
 * can, bị hại, người làm chứng …): the person whose role leads to that section, else the first
 * participant or party named.
 */
export function declarantOf({
  typeCode,
  sectionCode,
  caseKind,
  persons,
}: {
  typeCode: string;
  sectionCode: string;
  caseKind: CaseKind;
  persons: Array<{ name: string; role: string }>;
}) {
  const type = documentTypeOf(typeCode);
  if (!type) {
    return null;
  }
  const byRole = type.section_rule === 'by_person_role';
  const statementForm = type.form === 'statement' || type.form === 'minutes';
  const ofSection = persons.find(
    (p) => rolesByCode.get(p.role)?.sections?.[caseKind] === sectionCode,
  );
  if (ofSection && (byRole || statementForm)) {
    return ofSection;
  }
  if (byRole || type.form === 'statement') {
    return (
      persons.find((p) =>
        ['participant', 'party'].includes(rolesByCode.get(p.role)?.group ?? ''),
      ) ?? null
    );
  }
  return null;
}

function rowTitle({
  doc,
  person,
  language,
}: {
  doc: IndexSourceDocument;
  person: { name: string; role: string } | null;
  language: Language;
}) {
  const base = doc.title?.trim() ? sentenceCase(doc.title) : doc.type.name[language];
  if (!person) {
    return { title: base, person: null };
  }
  const role = rolesByCode.get(person.role);
  if (!role) {
    // A declarant whose role was not read: the name alone.
    const title = language === 'en' ? `${base} — ${person.name}` : `${base} của ${person.name}`;
    return { title, person: { name: person.name, role: person.role, roleName: '' } };
  }
  const label = roleLabel(language === 'vi' ? role.name_vi : role.name_en);
  const title =
    language === 'en'
      ? `${base} — ${person.name} (${label})`
      : fold(base).endsWith(fold(label))
        ? `${base} ${person.name}`
        : `${base} của ${label} ${person.name}`;
  return { title, person: { name: person.name, role: person.role, roleName: label } };
}

function chargeText(charge: IndexSourceCase['charges'][number], language: Language): string {
  const where = [
    charge.clause ? (language === 'vi' ? `khoản ${charge.clause}` : `clause ${charge.clause}`) : '',
    charge.article
      ? language === 'vi'
        ? `Điều ${charge.article}`
        : `Article ${charge.article}`
      : '',
    charge.article ? (charge.law ?? '') : '',
  ]
    .filter(Boolean)
    .join(' ');
  return where ? `${charge.name} (${where})` : charge.name;
}

function indexTitle({ kind, language }: { kind: CaseKind; language: Language }) {
  const labels = caseIndexLabels(language);
  if (kind === 'criminal') {
    return labels.criminalTitle;
  }
  if (kind === 'administrative') {
    return labels.administrativeTitle;
  }
  return labels.civilTitle(CASE_KIND_LABELS[kind][language]);
}

/**
 * The case index as data: the header, then per volume (tập) and per section in catalogue order the
 * rows with a running STT, title, number, date, issuer, bút lục range, sheets and notes. Covers are
 * not listed (they carry no bút lục); documents keep their physical order inside a section.
 *
 * @example
 * const { index } = buildCaseIndex({ caseInfo, unit, volumes, structure, language: 'vi' });
 * index.volumes[0].sections[0].rows[0]; // { stt: 1, title: 'Đơn trình báo', butLucText: '1', … }
 */
export function buildCaseIndex({
  caseInfo,
  unit,
  volumes,
  structure,
  language = 'vi',
  now = new Date(),
}: {
  caseInfo: IndexSourceCase;
  unit: { name: string; parentName: string | null };
  volumes: Array<{ number: number; title: string | null }>;
  structure: IndexSourceStructure;
  language?: Language;
  now?: Date;
}): { index: CaseIndex } {
  const labels = caseIndexLabels(language);
  const sections = [...structure.sections].sort(
    (a, b) => (sectionOrder.get(a.code) ?? 1000) - (sectionOrder.get(b.code) ?? 1000),
  );
  const volumeNumbers = [
    ...new Set(sections.flatMap((s) => s.documents.map((d) => d.volume))),
  ].sort((a, b) => a - b);
  const volumeTitle = new Map(volumes.map((v) => [v.number, v.title]));

  let stt = 0;
  const out: CaseIndexVolume[] = [];
  for (const volume of volumeNumbers) {
    const volumeSections: CaseIndexVolume['sections'] = [];
    for (const section of sections) {
      const rows: CaseIndexRow[] = section.documents
        .filter((d) => d.volume === volume && documentTypeOf(d.type.code)?.form !== 'cover')
        .map((doc) => {
          stt += 1;
          return buildRow({
            doc,
            stt,
            sectionCode: section.code,
            caseKind: caseInfo.kind,
            language,
          });
        });
      if (rows.length > 0) {
        volumeSections.push({
          code: section.code,
          number: volumeSections.length + 1,
          name: section.name[language],
          rows,
        });
      }
    }
    if (volumeSections.length > 0) {
      const rows = volumeSections.flatMap((s) => s.rows);
      out.push({
        number: volume,
        title: volumeTitle.get(volume) ?? null,
        sections: volumeSections,
        documentCount: rows.length,
        sheetCount: rows.reduce((sum, r) => sum + (r.sheets ?? 0), 0),
      });
    }
  }

  const rows = out.flatMap((v) => v.sections.flatMap((s) => s.rows));
  const numbered = rows.flatMap((r) =>
    r.butLucFrom !== null && r.butLucTo !== null ? [r.butLucFrom, r.butLucTo] : [],
  );
  const generatedAt = now.toISOString();
  const [year, month, day] = generatedAt.slice(0, 10).split('-') as [string, string, string];
  return {
    index: {
      language,
      header: {
        title: indexTitle({ kind: caseInfo.kind, language }),
        unit: { name: unit.name, parentName: unit.parentName },
        case: {
          id: caseInfo.id,
          title: caseInfo.title,
          code: caseInfo.nationalCode ?? caseInfo.internalNumber ?? null,
          kind: caseInfo.kind,
          kindLabel: CASE_KIND_LABELS[caseInfo.kind][language],
          charges: caseInfo.charges.map((c) => chargeText(c, language)),
        },
        generatedAt,
        generatedOn: labels.generatedOn({ day, month, year }),
      },
      volumes: out,
      totals: {
        documents: rows.length,
        sheets: rows.reduce((sum, r) => sum + (r.sheets ?? 0), 0),
        butLucFrom: numbered.length ? Math.min(...numbered) : null,
        butLucTo: numbered.length ? Math.max(...numbered) : null,
        unnumbered: rows.filter((r) => r.flags.includes('NO_BUT_LUC')).length,
        unclassified: rows.filter((r) => r.flags.includes('UNCLASSIFIED')).length,
      },
    },
  };
}

function buildRow({
  doc,
  stt,
  sectionCode,
  caseKind,
  language,
}: {
  doc: IndexSourceDocument;
  stt: number;
  sectionCode: string;
  caseKind: CaseKind;
  language: Language;
}): CaseIndexRow {
  const labels = caseIndexLabels(language);
  const declarant = doc.declarant?.name
    ? {
        name: doc.declarant.name,
        role:
          doc.declarant.role ?? doc.persons.find((p) => p.name === doc.declarant!.name)?.role ?? '',
      }
    : declarantOf({ typeCode: doc.type.code, sectionCode, caseKind, persons: doc.persons });
  const { title, person } = rowTitle({ doc, person: declarant, language });
  const from = doc.butLucFrom ?? doc.butLucTo;
  const to = doc.butLucTo ?? doc.butLucFrom;
  const flags: CaseIndexFlag[] = [];
  const review = new Set(doc.review ?? []);
  if (
    doc.type.code === FALLBACK_TYPE ||
    !documentTypeOf(doc.type.code) ||
    review.has('type_unknown')
  ) {
    flags.push('UNCLASSIFIED');
  } else if (review.has('type_uncertain')) {
    flags.push('TYPE_UNCERTAIN');
  }
  if (from === null || to === null) {
    flags.push('NO_BUT_LUC');
  }
  if (review.has('date_unreadable') && !doc.date) {
    flags.push('DATE_UNREADABLE');
  }
  const notes = [doc.notes?.trim() ?? '', ...flags.map((f) => labels.flags[f])].filter(Boolean);
  const dateText = formatDateVi(doc.date);
  return {
    stt,
    documentId: doc.id,
    volume: doc.volume,
    typeCode: doc.type.code,
    title,
    person,
    number: doc.number?.trim() || null,
    date: dateText ? doc.date!.slice(0, 10) : null,
    dateText,
    issuer: doc.issuer?.trim() || null,
    butLucFrom: from,
    butLucTo: to,
    butLucText: from === null || to === null ? '' : from === to ? `${from}` : `${from}–${to}`,
    sheets: from === null || to === null ? null : to - from + 1,
    pages: doc.pages,
    flags,
    notes: notes.length ? notes.join('; ') : null,
  };
}
