import catalogue from '../domain/document-types.json' with { type: 'json' };

/** A person role of the document-type catalogue (bị can, bị hại, nguyên đơn …). */
export interface PersonRole {
  code: string;
  name_vi: string;
  name_en: string;
  group: string;
  case_kinds: string[];
  /** section of the documents of this person (statements, party volumes) per case kind */
  sections?: Record<string, string> | null;
}

/** The catalogue's person roles, loaded from the data file (never copied into code). */
export const PERSON_ROLES: readonly PersonRole[] = catalogue.person_roles as PersonRole[];
const personRoleCodes = new Set(PERSON_ROLES.map((r) => r.code));
const personRolesByCode = new Map(PERSON_ROLES.map((r) => [r.code, r]));

export function isPersonRoleCode(code: string): boolean {
  return personRoleCodes.has(code);
}

/** A document type of the catalogue (the fields the server and clients use). */
export interface CatalogueDocumentType {
  code: string;
  name_vi: string;
  name_en: string;
  titles: string[];
  issuers: string[];
  section: string;
  sections_by_kind?: Record<string, string>;
  /** `by_person_role`: statements go to the section of the declarant's role; `by_submitting_party` */
  section_rule?: string;
  case_kinds: string[];
  cues?: string[] | null;
  attachment_of?: string[] | null;
  form?: string;
}

export interface CatalogueSection {
  code: string;
  name_vi: string;
  name_en: string;
  order: number;
  case_kinds: string[];
}

/** The document-type catalogue, as data (packages/contracts/domain/document-types.json). */
export const DOCUMENT_TYPES: readonly CatalogueDocumentType[] =
  catalogue.types as unknown as CatalogueDocumentType[];
export const SECTIONS: readonly CatalogueSection[] = catalogue.sections;
const typesByCode = new Map(DOCUMENT_TYPES.map((t) => [t.code, t]));

/**
 * The section of a document of `typeCode` in a case of `caseKind`: `sections_by_kind[caseKind]`, else
 * `section`. For types with `section_rule: "by_person_role"` (statements), the section of
 * `personRole` (the declarant's or party's role: `person_roles[role].sections[caseKind]`) comes first;
 * an unknown role, or a role without a section for that case kind, falls back to the default above.
 */
export function sectionFor({
  typeCode,
  caseKind,
  personRole,
}: {
  typeCode: string;
  caseKind: string;
  personRole?: string | null;
}): string {
  const type = typesByCode.get(typeCode);
  if (!type) {
    return 'CHUNG_CHUA_PHAN_LOAI';
  }
  if (type.section_rule === 'by_person_role' && personRole) {
    const byRole = personRolesByCode.get(personRole)?.sections?.[caseKind];
    if (byRole) {
      return byRole;
    }
  }
  return type.sections_by_kind?.[caseKind] ?? type.section;
}

export function documentTypeOf(code: string): CatalogueDocumentType | undefined {
  return typesByCode.get(code);
}
