import type { CasePerson } from '@sohoa/contracts';

/**
 * Vietnamese without diacritics, lower case: "Nguyễn Văn Đức" → "nguyen van duc", so a search typed
 * without accents (as many do) still finds the name. Đ/đ is a separate letter in Unicode and is
 * mapped by hand; the rest is NFD decomposition without the combining marks.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Persons matching a name query (folded, every word found) and, if set, holding `roleCode`. */
export function filterPersons(
  persons: readonly CasePerson[],
  { query, roleCode }: { query: string; roleCode: string | null },
): CasePerson[] {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  return persons.filter((p) => {
    if (roleCode && !p.roles.some((r) => r.code === roleCode)) {
      return false;
    }
    if (words.length === 0) {
      return true;
    }
    const names = [p.name, ...p.variants].map(foldVietnamese);
    return names.some((name) => words.every((w) => name.includes(w)));
  });
}

/** The roles present among the persons (for the role filter), by their Vietnamese name. */
export function rolesOf(persons: readonly CasePerson[]): CasePerson['roles'] {
  const byCode = new Map<string, CasePerson['roles'][number]>();
  for (const p of persons) {
    for (const r of p.roles) {
      byCode.set(r.code, r);
    }
  }
  return [...byCode.values()].sort((a, b) => a.name.vi.localeCompare(b.name.vi, 'vi'));
}

/**
 * The spellings of a person other than the one shown: the server lists every spelling found,
 * the shown name included, so "also written" would otherwise repeat the name itself.
 */
export function otherSpellings(person: Pick<CasePerson, 'name' | 'variants'>): string[] {
  return person.variants.filter((v) => v !== person.name);
}
