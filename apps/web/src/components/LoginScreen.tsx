import type { SessionInfo } from '@sohoa/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { ErrorAlert, Notice } from './Alerts.tsx';
import { TextField } from './Field.tsx';

export function LoginScreen({
  notice,
  initialUsername = '',
  onLoggedIn,
}: {
  /** A key rather than a string, so the notice follows a language switch. */
  notice?: MessageKey | undefined;
  initialUsername?: string | undefined;
  onLoggedIn: (session: SessionInfo) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
    if (submitting) {
      return;
    }
    setError(null);
    setSubmitting(true);
    try {
      // The bearer token is for non-browser clients: the browser relies on the HttpOnly cookie,
      // so it is dropped here rather than kept in memory where injected script could read it.
      const { token: _token, ...session } = await api.login({ username, password });
      onLoggedIn(session);
    } catch (caught) {
      setError(caught);
      setPassword('');
      setSubmitting(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {notice && !error && <Notice text={t(notice)} />}
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      <form onSubmit={(event) => void submit(event)}>
        <TextField
          label={t('login.username')}
          name="username"
          required
          maxLength={64}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          // With a prefilled username (right after setup) the password is what is left to type.
          autoFocus={!initialUsername}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          required
          maxLength={256}
          autoComplete="current-password"
          autoFocus={Boolean(initialUsername)}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
