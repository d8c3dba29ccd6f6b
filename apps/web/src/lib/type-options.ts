import { DOCUMENT_TYPES } from '@sohoa/contracts';

export interface TypeOption {
  code: string;
  name: { vi: string; en: string };
}

/**
 * Document types a reviewer may choose for a case of `caseKind`, from the catalogue (loaded on
 * demand: the catalogue is large and only the structure editor needs it). Types of other case
 * kinds stay out, except the one the document has now.
 */
export function typeOptionsFor({
  caseKind,
  currentCode,
}: {
  caseKind: string;
  currentCode: string | null;
}): TypeOption[] {
  return DOCUMENT_TYPES.filter(
    (type) =>
      type.code === currentCode ||
      type.case_kinds.length === 0 ||
      type.case_kinds.includes(caseKind),
  )
    .map((type) => ({ code: type.code, name: { vi: type.name_vi, en: type.name_en } }))
    .sort((a, b) => a.name.vi.localeCompare(b.name.vi, 'vi'));
}
