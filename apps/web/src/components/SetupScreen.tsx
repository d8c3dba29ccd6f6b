import { UNIT_LEVEL_LABELS } from '@sohoa/contracts';
import type { UnitLevel } from '@sohoa/contracts';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { checkNewPassword } from '../password.ts';
import type { PasswordProblem } from '../password.ts';
import { ErrorAlert } from './Alerts.tsx';
import { SelectField, TextField } from './Field.tsx';

// Taken from the label table rather than UNIT_LEVELS: the latter sits next to zod schemas that
// would pull zod into the bundle. Same keys, same order (the table is Record<UnitLevel, …>).
const UNIT_LEVELS = Object.keys(UNIT_LEVEL_LABELS) as UnitLevel[];

const EMPTY_FORM = {
  unitCode: '',
  unitName: '',
  unitLevel: '' as UnitLevel | '',
  username: '',
  fullName: '',
  password: '',
  passwordConfirm: '',
};

/** First-run screen: creates the first unit and its administrator, then hands over to login. */
export function SetupScreen({ onDone }: { onDone: (username: string) => void }) {
  const { language, t } = useI18n();
  const [form, setForm] = useState(EMPTY_FORM);
  const [passwordProblem, setPasswordProblem] = useState<PasswordProblem | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const bind = (name: keyof typeof EMPTY_FORM) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
    if (submitting) {
      return;
    }
    const problem = checkNewPassword(form.password, form.passwordConfirm);
    setPasswordProblem(problem);
    setServerError(null);
    // `required` on the select already blocks an empty level; the check narrows the type.
    if (problem || form.unitLevel === '') {
      // Take keyboard and screen-reader users to the field whose error they must fix.
      (problem === 'mismatch' ? confirmRef : passwordRef).current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      await api.setup({
        unit: { code: form.unitCode, name: form.unitName, level: form.unitLevel },
        admin: { username: form.username, fullName: form.fullName, password: form.password },
      });
      onDone(form.username.trim());
    } catch (error) {
      setServerError(error);
      setSubmitting(false);
    }
  }

  return (
    <section className="panel panel-wide" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <ErrorAlert lines={serverError ? describeError(serverError, t) : []} />
      <form onSubmit={(event) => void submit(event)}>
        <div className="form-columns">
          <fieldset>
            <legend>{t('setup.unitLegend')}</legend>
            <TextField
              label={t('setup.unitCode')}
              hint={t('setup.unitCodeHint')}
              required
              minLength={2}
              maxLength={32}
              autoComplete="off"
              autoFocus
              {...bind('unitCode')}
            />
            <TextField
              label={t('setup.unitName')}
              required
              maxLength={200}
              autoComplete="organization"
              {...bind('unitName')}
            />
            <SelectField label={t('setup.unitLevel')} required {...bind('unitLevel')}>
              <option value="">{t('setup.unitLevelPlaceholder')}</option>
              {UNIT_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {UNIT_LEVEL_LABELS[level][language]}
                </option>
              ))}
            </SelectField>
          </fieldset>
          <fieldset>
            <legend>{t('setup.adminLegend')}</legend>
            <TextField
              label={t('setup.username')}
              hint={t('setup.usernameHint')}
              required
              minLength={3}
              maxLength={64}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              {...bind('username')}
            />
            <TextField
              label={t('setup.fullName')}
              required
              maxLength={200}
              autoComplete="name"
              {...bind('fullName')}
            />
            <TextField
              label={t('setup.password')}
              hint={t('setup.passwordHint')}
              error={passwordProblem === 'weak' ? t('setup.errorWeak') : null}
              ref={passwordRef}
              type="password"
              required
              maxLength={256}
              autoComplete="new-password"
              {...bind('password')}
            />
            <TextField
              label={t('setup.passwordConfirm')}
              error={passwordProblem === 'mismatch' ? t('setup.errorMismatch') : null}
              ref={confirmRef}
              type="password"
              required
              maxLength={256}
              autoComplete="new-password"
              {...bind('passwordConfirm')}
            />
          </fieldset>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={submitting}>
            {submitting ? t('setup.submitting') : t('setup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
