import { ROLE_LABELS } from '@sohoa/contracts';
import type { SessionInfo } from '@sohoa/contracts';
import { lazy, Suspense, useState } from 'react';
import { api } from '../api.ts';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from './Alerts.tsx';
import { useRouter } from '../lib/use-router.tsx';
import { Link } from '../lib/use-router.tsx';
import { CaseListPanel } from './CaseListPanel.tsx';
import { CasePage } from './CasePage.tsx';
import { Frame } from './Frame.tsx';
import { NewCasePage } from './NewCasePage.tsx';
import { SearchPage } from './SearchPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { HelpMenu } from './HelpMenu.tsx';

// The guide brings its Markdown renderer: loaded only when someone opens it.
const GuidePage = lazy(() => import('./GuidePage.tsx').then((m) => ({ default: m.GuidePage })));

/** The signed-in application: who is signed in (header), then the screen the URL names. */
export function Shell({
  session,
  onLoggedOut,
}: {
  session: SessionInfo;
  /** Also called when the server says the session is gone (401). */
  onLoggedOut: () => void;
}) {
  const { language, t } = useI18n();
  const [loggingOut, setLoggingOut] = useState(false);
  const [logoutError, setLogoutError] = useState<unknown>(null);
  const { route } = useRouter();

  async function logout() {
    if (loggingOut) {
      return;
    }
    setLoggingOut(true);
    setLogoutError(null);
    try {
      await api.logout();
      onLoggedOut();
    } catch (error) {
      // An expired session is already logged out: that is the outcome the user asked for.
      if (isUnauthorized(error)) {
        onLoggedOut();
        return;
      }
      setLogoutError(error);
      setLoggingOut(false);
    }
  }

  // The server decides (STEERING and LEADER only); the link is shown to those roles.
  const canSeeDashboard = session.user.roles.some((r) => r === 'STEERING' || r === 'LEADER');
  const roles = session.user.roles.map((role) => ROLE_LABELS[role][language]).join(', ');
  const details = (
    <dl className="session-info">
      <div>
        <dt>{t('shell.user')}</dt>
        <dd>{session.user.fullName}</dd>
      </div>
      <div>
        <dt>{t('shell.unit')}</dt>
        <dd>{session.unit.name}</dd>
      </div>
      <div>
        <dt>{t('shell.roles')}</dt>
        <dd>{roles}</dd>
      </div>
    </dl>
  );
  const actions = (
    <>
      <HelpMenu roles={session.user.roles} />
      <button
        type="button"
        className="button-header"
        aria-disabled={loggingOut}
        onClick={() => void logout()}
      >
        {loggingOut ? t('shell.loggingOut') : t('shell.logout')}
      </button>
    </>
  );

  return (
    <Frame actions={actions} details={details}>
      <nav aria-label={t('nav.main')} className="main-nav">
        <Link to={{ name: 'cases' }} aria-current={route.name === 'cases' ? 'page' : undefined}>
          {t('nav.cases')}
        </Link>
        <Link
          to={{ name: 'search', params: {} }}
          aria-current={route.name === 'search' ? 'page' : undefined}
        >
          {t('nav.search')}
        </Link>
        {canSeeDashboard && (
          <Link
            to={{ name: 'dashboard', params: {} }}
            aria-current={route.name === 'dashboard' ? 'page' : undefined}
          >
            {t('nav.dashboard')}
          </Link>
        )}
      </nav>
      <ErrorAlert lines={logoutError ? describeError(logoutError, t) : []} />
      {route.name === 'cases' && (
        <CaseListPanel
          filters={route.filters ?? {}}
          session={session}
          onUnauthorized={onLoggedOut}
        />
      )}
      {route.name === 'newCase' && <NewCasePage session={session} />}
      {route.name === 'case' && (
        <CasePage route={route} session={session} onUnauthorized={onLoggedOut} />
      )}
      {route.name === 'search' && <SearchPage route={route} onUnauthorized={onLoggedOut} />}
      {route.name === 'dashboard' && (
        <DashboardPage route={route} session={session} onUnauthorized={onLoggedOut} />
      )}
      {route.name === 'help' && (
        <Suspense
          fallback={
            <p role="status" className="panel">
              {t('app.loading')}
            </p>
          }
        >
          <GuidePage slug={route.doc} />
        </Suspense>
      )}
      {route.name === 'notFound' && (
        <section className="panel" aria-labelledby="not-found-title">
          <h1 id="not-found-title">{t('app.notFound')}</h1>
          <Link to={{ name: 'cases' }}>{t('case.backToList')}</Link>
        </section>
      )}
    </Frame>
  );
}
