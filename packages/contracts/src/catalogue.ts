import catalogue from '../domain/document-types.json' with { type: 'json' };

/** A person role of the document-type catalogue (bị can, bị hại, nguyên đơn …). */
export interface PersonRole {
  code: string;
  name_vi: string;
  name_en: string;
  group: string;
  case_kinds: string[];
}

/** The catalogue's person roles, loaded from the data file (never copied into code). */
export const PERSON_ROLES: readonly PersonRole[] = catalogue.person_roles;
const personRoleCodes = new Set(PERSON_ROLES.map((r) => r.code));

export function isPersonRoleCode(code: string): boolean {
  return personRoleCodes.has(code);
}
