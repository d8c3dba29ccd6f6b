import type { SessionInfo } from '@sohoa/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, setSessionCsrfToken } from './api.ts';
import { ErrorAlert } from './components/Alerts.tsx';
import { Frame } from './components/Frame.tsx';
import { LoginScreen } from './components/LoginScreen.tsx';
import { SetupScreen } from './components/SetupScreen.tsx';
import { Shell } from './components/Shell.tsx';
import {
  AudienceScreen,
  JoinPresentationForm,
  presentCodeOf,
} from './components/AudienceScreen.tsx';
import { describeError, isUnauthorized } from './errors.ts';
import { useI18n } from './i18n/i18n.tsx';
import type { MessageKey } from './i18n/vi.ts';

type View =
  | { name: 'loading' }
  | { name: 'failed'; error: unknown }
  | { name: 'setup' }
  | { name: 'login'; notice?: MessageKey; username?: string }
  | { name: 'shell'; session: SessionInfo };

/**
 * Every way into the shell goes through here: the server rejects cookie-authenticated POST, PATCH,
 * PUT and DELETE without the session's CSRF token, so it is set before anything can send one.
 */
function shellView(session: SessionInfo): View {
  setSessionCsrfToken(session.csrfToken);
  return { name: 'shell', session };
}

/** Where a fresh page load lands: setup on an empty system, else the shell or the login form. */
async function initialView(): Promise<View> {
  // Both questions at once (one round trip before the first screen, not two); the session's
  // answer is only used on a system that is set up.
  const session = api.me().then(
    (found) => ({ found, error: null }),
    (error: unknown) => ({ found: null, error }),
  );
  const { needsSetup } = await api.setupStatus();
  if (needsSetup) {
    return { name: 'setup' };
  }
  const { found, error } = await session;
  if (found) {
    return shellView(found);
  }
  if (isUnauthorized(error)) {
    return { name: 'login' };
  }
  throw error;
}

export function App() {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ name: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    initialView().then(
      (next) => !cancelled && setView(next),
      (error: unknown) => !cancelled && setView({ name: 'failed', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // Stable identity: the case list re-fetches whenever this callback changes.
  const showLogin = useCallback(() => {
    setSessionCsrfToken(undefined);
    setView({ name: 'login' });
  }, []);

  switch (view.name) {
    case 'loading':
      return (
        <Frame>
          <p role="status" className="panel">
            {t('app.loading')}
          </p>
        </Frame>
      );
    case 'failed':
      return (
        <Frame>
          <section className="panel" aria-labelledby="failed-title">
            <h1 id="failed-title">{t('app.loadFailed')}</h1>
            <ErrorAlert lines={describeError(view.error, t)} />
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                setView({ name: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('app.retry')}
            </button>
          </section>
        </Frame>
      );
    case 'setup':
      return (
        <Frame>
          <SetupScreen
            onDone={(username) => setView({ name: 'login', notice: 'setup.done', username })}
          />
        </Frame>
      );
    case 'login':
      return (
        <Frame>
          <LoginScreen
            notice={view.notice}
            initialUsername={view.username}
            onLoggedIn={(session) => setView(shellView(session))}
          />
        </Frame>
      );
    case 'shell': {
      // The audience screen of a presentation: no shell, only what is pushed.
      const code = presentCodeOf(window.location.pathname);
      if (code) {
        return <AudienceScreen code={code} />;
      }
      if (code === null) {
        return (
          <Frame>
            <JoinPresentationForm />
          </Frame>
        );
      }
      return <Shell session={view.session} onLoggedOut={showLogin} />;
    }
  }
}
