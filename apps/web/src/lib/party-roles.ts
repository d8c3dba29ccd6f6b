import { PERSON_ROLES } from '@sohoa/contracts';

export interface RoleOption {
  code: string;
  name: { vi: string; en: string };
}

/**
 * Person roles a party of a `caseKind` case may have (bị can, bị hại, nguyên đơn …), from the
 * catalogue. Loaded on demand like the document types: the catalogue is large.
 */
export function partyRoleOptions(caseKind: string): RoleOption[] {
  return PERSON_ROLES.filter((r) => r.case_kinds.length === 0 || r.case_kinds.includes(caseKind))
    .map((r) => ({ code: r.code, name: { vi: r.name_vi, en: r.name_en } }))
    .sort((a, b) => a.name.vi.localeCompare(b.name.vi, 'vi'));
}
