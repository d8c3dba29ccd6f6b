import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * Page chrome shared by every screen: skip link, header and <main>. The header's first row holds
 * the product name and the controls (so they stay in one place on every screen); the optional
 * second row says who is signed in, with room for long unit names and role lists.
 */
export function Frame({
  actions,
  details,
  children,
}: {
  actions?: ReactNode;
  details?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="header-row">
          <p className="brand">{t('app.name')}</p>
          <div className="header-actions">
            {actions}
            <LanguageSwitch />
          </div>
        </div>
        {details}
      </header>
      {/* tabIndex -1: the skip link can move keyboard focus here. */}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
