import { PERSON_ROLES, type Labelled, type Language } from '@sohoa/contracts';

/** A piece of user-facing text in both languages; written inline where it is used. */
export type Bilingual = { vi: string; en: string };

export const LANGUAGES = ['vi', 'en'] as const satisfies readonly Language[];

/** `--lang` wins over `SOHOA_LANG`; anything unknown falls back to Vietnamese. */
export function resolveLanguage({
  flag,
  env,
}: {
  flag: string | undefined;
  env: Record<string, string | undefined>;
}): Language {
  const value = (flag ?? env.SOHOA_LANG ?? 'vi').toLowerCase();
  return value.startsWith('en') ? 'en' : 'vi';
}

/** The display name of an enum value from one of the contracts' label tables. */
export function labelOf<K extends string>(table: Labelled<K>, key: K, lang: Language): string {
  return table[key]?.[lang] ?? key;
}

const personRoleNames = new Map(PERSON_ROLES.map((role) => [role.code, role]));

/** The catalogue name of a party role code (BI_CAN → "Bị can"). */
export function personRoleName(code: string, lang: Language): string {
  const role = personRoleNames.get(code);
  if (!role) {
    return code;
  }
  return lang === 'en' ? role.name_en : role.name_vi;
}
