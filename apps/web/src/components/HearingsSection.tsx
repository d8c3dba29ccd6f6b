import type { Case, Hearing, SessionInfo } from '@sohoa/contracts';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { canEditCase } from '../lib/case-permissions.ts';
import { ErrorAlert, Notice } from './Alerts.tsx';
import { TextField } from './Field.tsx';

const today = () => new Date().toISOString().slice(0, 10);
const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * "Phiên tòa đã sử dụng hồ sơ số": the trial records of a case (issue 7 §7), which feed the
 * steering dashboard. The case team and the unit leader record a hearing; its author or the
 * leader may delete it. Whether the file was digitized that day is the server's answer.
 */
export function HearingsSection({
  caseInfo,
  session,
  onUnauthorized,
}: {
  caseInfo: Case;
  session: SessionInfo;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const [hearings, setHearings] = useState<Hearing[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [heldOn, setHeldOn] = useState(today);
  const [court, setCourt] = useState('');
  const [items, setItems] = useState('');
  const [reload, setReload] = useState(0);
  const mayRecord = canEditCase(session, caseInfo);

  useEffect(() => {
    let cancelled = false;
    api.listHearings(caseInfo.id).then(
      (r) => !cancelled && setHearings(r.hearings),
      (e: unknown) => {
        if (!cancelled && !onUnauthorized(e)) {
          setError(e);
          setHearings([]);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [caseInfo.id, onUnauthorized, reload]);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await action();
      setReload((n) => n + 1);
      return true;
    } catch (e) {
      if (!onUnauthorized(e)) {
        setError(e);
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || !court.trim() || !heldOn) {
      return;
    }
    const itemsShown = items
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((label) => ({ kind: 'document', label: label.slice(0, 300) }));
    void run(() =>
      api.createHearing(caseInfo.id, { heldOn, court: court.trim(), itemsShown }),
    ).then((ok) => {
      if (ok) {
        setCourt('');
        setItems('');
        setSaved(true);
      }
    });
  };

  return (
    <section className="panel panel-full" aria-labelledby="hearings-title">
      <h2 id="hearings-title">{t('hearings.title')}</h2>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {saved && <Notice text={t('hearings.saved')} />}
      {hearings === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : hearings.length === 0 ? (
        <p className="muted">{t('hearings.none')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('hearings.heldOn')}</th>
                <th scope="col">{t('hearings.court')}</th>
                <th scope="col">{t('hearings.presenter')}</th>
                <th scope="col">{t('hearings.items')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('hearings.delete')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hearings.map((h) => (
                <tr key={h.id}>
                  <td>
                    {viDate(h.heldOn)}{' '}
                    <span className={h.withDigitizedFile ? 'mark mark-info' : 'mark mark-warn'}>
                      {t(h.withDigitizedFile ? 'hearings.digitized' : 'hearings.notDigitized')}
                    </span>
                  </td>
                  <td>{h.court}</td>
                  <td>{h.presenter?.name ?? '—'}</td>
                  <td>{h.itemsShown.map((i) => i.label).join('; ') || '—'}</td>
                  <td>
                    {h.canDelete && (
                      <button
                        type="button"
                        className="button-small"
                        aria-disabled={busy}
                        aria-label={t('hearings.deleteLabel', { date: viDate(h.heldOn) })}
                        onClick={() =>
                          !busy && void run(() => api.deleteHearing(caseInfo.id, h.id))
                        }
                      >
                        {t('hearings.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayRecord && (
        <form className="hearing-form" onSubmit={onSubmit} aria-labelledby="hearing-add-title">
          <h3 id="hearing-add-title">{t('hearings.add')}</h3>
          <TextField
            label={t('hearings.heldOn')}
            type="date"
            required
            value={heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <TextField
            label={t('hearings.court')}
            required
            maxLength={300}
            value={court}
            onChange={(e) => setCourt(e.target.value)}
          />
          <div className="field">
            <label htmlFor="hearing-items">{t('hearings.items')}</label>
            <textarea
              id="hearing-items"
              rows={3}
              aria-describedby="hearing-items-hint"
              value={items}
              onChange={(e) => setItems(e.target.value)}
            />
            <p id="hearing-items-hint" className="field-hint">
              {t('hearings.itemsHint')}
            </p>
          </div>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('hearings.save')}
          </button>
        </form>
      )}
    </section>
  );
}
