/**
 * The person index of a case: everyone named in its documents, spelling variants grouped, with
 * their roles, where they appear (documents and bút lục) and their own statements in date order.
 */
import type { TimelineDocumentType } from '@sohoa/contracts';
import { groupNames } from './person-groups.ts';
import type { TimelineDocument } from './timeline.types.ts';

/** Records of what a person said that the catalogue does not mark by form or section rule. */
const STATEMENT_RECORDS = new Set([
  'BB_HOI_CUNG_BI_CAN',
  'BB_DOI_CHAT',
  'BB_LAY_LOI_KHAI_NGUOI_LAM_CHUNG',
]);
/** Role groups of the people who speak in a statement (not the officials who record it). */
const DECLARANT_GROUPS = new Set(['participant', 'party', 'contract']);

export interface PersonAppearance {
  documentId: string;
  typeCode: string;
  date: string | null;
  volume: number | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  role: string;
  /** The spelling in this document. */
  name: string;
}

export interface PersonIndexEntry {
  key: string;
  /** The most frequent spelling (ties: the one with the most diacritics). */
  name: string;
  variants: string[];
  roles: string[];
  appearances: PersonAppearance[];
  /** Statements, interrogations and confrontations where the person is a declarant, by date. */
  statements: PersonAppearance[];
}

/** Whether documents of `type` record what a person said (bản tự khai, biên bản ghi lời khai …). */
export function isStatementType(type: TimelineDocumentType): boolean {
  return (
    type.form === 'statement' ||
    type.section_rule === 'by_person_role' ||
    STATEMENT_RECORDS.has(type.code)
  );
}

const byDate = (a: PersonAppearance, b: PersonAppearance) =>
  (a.date ?? '9999') < (b.date ?? '9999') ? -1 : (a.date ?? '9999') > (b.date ?? '9999') ? 1 : 0;

const marks = (s: string) => s.normalize('NFD').length - s.length;

/**
 * Builds the index, people sorted by name.
 *
 * @example
 * buildPersonIndex({ documents, types: TIMELINE_DOCUMENT_TYPES, personRoles: PERSON_ROLES }).persons[0]
 * // → { name: 'Vũ Hữu Long', variants: ['Vũ Hữu Long', 'Vu Huu Long'], roles: ['BI_CAN'], … }
 */
export function buildPersonIndex({
  documents,
  types,
  personRoles,
}: {
  documents: readonly TimelineDocument[];
  types: readonly TimelineDocumentType[];
  personRoles: ReadonlyArray<{ code: string; group: string }>;
}): { persons: PersonIndexEntry[] } {
  const groupOf = groupNames(
    documents.flatMap((d) => [
      ...d.persons.map((p) => p.name),
      ...(d.declarant?.name ? [d.declarant.name] : []),
    ]),
  );
  const typeByCode = new Map(types.map((t) => [t.code, t]));
  const roleGroup = new Map(personRoles.map((r) => [r.code, r.group]));
  const entries = new Map<string, PersonIndexEntry & { counts: Map<string, number> }>();
  const ordered = [...documents].sort((a, b) => a.position - b.position);
  for (const d of ordered) {
    const type = typeByCode.get(d.typeCode);
    const statement = type ? isStatementType(type) : false;
    // The declarant found by structuring decides whose statement it is; else the participants.
    const declarantKey = d.declarant?.name ? groupOf.get(d.declarant.name) : undefined;
    const persons =
      declarantKey && !d.persons.some((p) => groupOf.get(p.name) === declarantKey)
        ? [...d.persons, { name: d.declarant!.name, role: d.declarant!.role ?? 'KHAC' }]
        : d.persons;
    for (const p of persons) {
      const key = groupOf.get(p.name)!;
      if (!key) {
        continue;
      }
      let e = entries.get(key);
      if (!e) {
        e = {
          key,
          name: p.name,
          variants: [],
          roles: [],
          appearances: [],
          statements: [],
          counts: new Map(),
        };
        entries.set(key, e);
      }
      e.counts.set(p.name, (e.counts.get(p.name) ?? 0) + 1);
      if (!e.roles.includes(p.role)) {
        e.roles.push(p.role);
      }
      const appearance: PersonAppearance = {
        documentId: d.id,
        typeCode: d.typeCode,
        date: d.date,
        volume: d.volume,
        butLucFrom: d.butLucFrom,
        butLucTo: d.butLucTo,
        role: p.role,
        name: p.name,
      };
      if (!e.appearances.some((a) => a.documentId === d.id)) {
        e.appearances.push(appearance);
        const speaks = declarantKey
          ? key === declarantKey
          : DECLARANT_GROUPS.has(roleGroup.get(p.role) ?? '');
        if (statement && speaks) {
          e.statements.push(appearance);
        }
      }
    }
  }
  const persons = [...entries.values()].map(({ counts, ...e }) => {
    const variants = [...counts.keys()];
    const name = variants.sort(
      (a, b) => counts.get(b)! - counts.get(a)! || marks(b) - marks(a) || a.localeCompare(b),
    )[0]!;
    return { ...e, name, variants, statements: e.statements.sort(byDate) };
  });
  return { persons: persons.sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
}
