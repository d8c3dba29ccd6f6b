import type { Language } from '@sohoa/contracts';
import { useI18n } from '../i18n/i18n.tsx';

const LANGUAGES: readonly Language[] = ['vi', 'en'];

/**
 * VI / EN toggle. The visible code stays in the accessible name (voice control users can say
 * "VI"), followed by the language's own name for screen readers.
 */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div role="group" aria-label={t('language.label')} className="language-switch">
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          onClick={() => setLanguage(code)}
        >
          {code.toUpperCase()}
          <span className="visually-hidden"> ({t(`language.${code}`)})</span>
        </button>
      ))}
    </div>
  );
}
