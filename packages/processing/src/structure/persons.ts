/** Persons named in labelled fields ("Bị can: Vũ Hữu Long, Phan Mạnh Huy"), roles from the catalogue. */
import { fold } from './text.ts';

export interface CataloguePersonRole {
  code: string;
  name_vi: string;
}

export interface ExtractedPerson {
  name: string;
  role: string;
}

/** Folded field labels → role code, from `person_roles[].name_vi` (first wording before "," or "("). */
export function roleLabels(roles: readonly CataloguePersonRole[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const role of roles) {
    if (role.code === 'KHAC') {
      continue;
    }
    const label = fold(role.name_vi.split(/[(,]/)[0] ?? '').trim();
    if (label.length >= 4 && !labels.has(label)) {
      labels.set(label, role.code);
    }
  }
  return labels;
}

const HONORIFIC = /^(?:ông \(bà\)|ông|bà|anh|chị|em|cháu)\s+/iu;
const NAME = /^((?:\p{Lu}\p{Ll}*\s+){1,4}\p{Lu}\p{Ll}*)(?=$|[\s,;.(])/u;

/** Persons of labelled lines; each label's value may list several names separated by "," or "và". */
export function extractPersons(
  lines: readonly string[],
  labels: ReadonlyMap<string, string>,
): ExtractedPerson[] {
  const persons: ExtractedPerson[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 3 || colon > 40) {
      continue;
    }
    const label = fold(line.slice(0, colon))
      .replace(/^[\W\d]+/, '')
      .trim();
    const role = labels.get(label);
    if (!role) {
      continue;
    }
    for (const part of line.slice(colon + 1).split(/,|;|\svà\s/)) {
      const m = NAME.exec(part.trim().replace(HONORIFIC, ''));
      if (!m) {
        break;
      }
      const name = (m[1] ?? '').trim();
      const key = `${role}|${name}`;
      if (!seen.has(key)) {
        seen.add(key);
        persons.push({ name, role });
      }
    }
  }
  return persons;
}
