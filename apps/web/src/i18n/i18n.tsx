import type { Language } from '@sohoa/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { en } from './en.ts';
import { vi } from './vi.ts';
import type { MessageKey, Messages } from './vi.ts';

const CATALOGUES: Record<Language, Messages> = { vi, en };
const STORAGE_KEY = 'sohoa.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

/** Vietnamese unless the user chose English earlier on this browser. */
export function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    // Storage can be disabled by browser policy; the app must still work, in Vietnamese.
    return 'vi';
  }
}

function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is acceptable; failing to switch is not.
  }
}

export function I18nProvider({
  initialLanguage,
  onLanguageChange,
  children,
}: {
  initialLanguage: Language;
  /** Lets the API client ask the server for messages in the same language. */
  onLanguageChange: (language: Language) => void;
  children: ReactNode;
}) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback(
    (next: Language) => {
      storeLanguage(next);
      // Called before re-rendering so the very next request already carries the new language.
      onLanguageChange(next);
      setLanguageState(next);
    },
    [onLanguageChange],
  );

  const t = useCallback<Translate>(
    (key, params) => {
      const template = CATALOGUES[language][key];
      return params
        ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
        : template;
    },
    [language],
  );

  useEffect(() => {
    // Screen readers and hyphenation follow <html lang>; the tab title follows the UI language.
    document.documentElement.lang = language;
    document.title = t('app.name');
  }, [language, t]);

  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) {
    throw new Error('useI18n must be used inside <I18nProvider>');
  }
  return value;
}
