import {
  TARGET_METRICS,
  type Dashboard,
  type TargetComparator,
  type TargetMetric,
  type TargetStatus,
} from '@sohoa/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert, Notice } from './Alerts.tsx';
import { SelectField, TextField } from './Field.tsx';

const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const BADGE: Record<TargetStatus, string> = {
  met: 'badge badge-met',
  on_track: 'badge badge-on-track',
  at_risk: 'badge badge-at-risk',
  missed: 'badge badge-missed',
};

/** The committee's targets with their status per unit, and (for STEERING) the target editor. */
export function DashboardTargets({
  dashboard,
  onChanged,
  onUnauthorized,
}: {
  dashboard: Dashboard;
  onChanged: () => void;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const unitName = (id: string) => dashboard.units.find((u) => u.id === id)?.name ?? id;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await action();
      onChanged();
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

  const rows = dashboard.targets.flatMap((target) =>
    target.results.map((result) => ({ target, result })),
  );
  return (
    <section className="panel panel-full" aria-labelledby="targets-title">
      <h2 id="targets-title">{t('dash.targets')}</h2>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {saved && <Notice text={t('dash.targetSaved')} />}
      {rows.length === 0 ? (
        <p className="muted">{t('dash.noTargets')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dash.unitCol')}</th>
                <th scope="col">{t('dash.targetCol')}</th>
                <th scope="col">{t('dash.goal')}</th>
                <th scope="col">{t('dash.deadline')}</th>
                <th scope="col">{t('dash.actual')}</th>
                <th scope="col">{t('dash.expected')}</th>
                <th scope="col">{t('dash.status')}</th>
                {dashboard.canEditTargets && (
                  <th scope="col">
                    <span className="visually-hidden">{t('dash.deleteTarget')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ target, result }, index) => {
                const name = t(`dash.metric.${target.metric}`);
                const first = target.results[0]?.unitId === result.unitId;
                return (
                  <tr key={`${target.id}-${result.unitId}-${index}`}>
                    <th scope="row">{unitName(result.unitId)}</th>
                    <td>{name}</td>
                    <td className="num">
                      {target.comparator === '>=' ? '≥' : '≤'} {target.value}
                      {target.appliesToSubtree && (
                        <span className="muted"> ({t('dash.eachUnit')})</span>
                      )}
                    </td>
                    <td>
                      {viDate(target.from)} – {viDate(target.to)}
                    </td>
                    <td className="num">{result.actual ?? '—'}</td>
                    <td className="num">{result.expectedByNow}</td>
                    <td>
                      <span className={BADGE[result.status]}>
                        {t(`dash.status.${result.status}`)}
                      </span>
                    </td>
                    {dashboard.canEditTargets && (
                      <td>
                        {first && (
                          <button
                            type="button"
                            className="button-small"
                            aria-disabled={busy}
                            aria-label={t('dash.deleteTargetLabel', { name })}
                            onClick={() =>
                              !busy && void run(() => api.deleteDashboardTarget(target.id))
                            }
                          >
                            {t('dash.deleteTarget')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {dashboard.canEditTargets && (
        <TargetForm
          dashboard={dashboard}
          busy={busy}
          onSubmit={(body) =>
            run(() => api.createDashboardTarget(body)).then((ok) => ok && setSaved(true))
          }
        />
      )}
    </section>
  );
}

function TargetForm({
  dashboard,
  busy,
  onSubmit,
}: {
  dashboard: Dashboard;
  busy: boolean;
  onSubmit: (body: Parameters<typeof api.createDashboardTarget>[0]) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState(dashboard.unit.id);
  const [metric, setMetric] = useState<TargetMetric>('hearings_with_digitized_file');
  const [comparator, setComparator] = useState<TargetComparator>('>=');
  const [value, setValue] = useState('1');
  const [from, setFrom] = useState(dashboard.from);
  const [to, setTo] = useState(dashboard.to);
  const [subtree, setSubtree] = useState(true);
  const [note, setNote] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const goal = Number(value);
    if (busy || !Number.isFinite(goal)) {
      return;
    }
    void onSubmit({
      unitId,
      metric,
      comparator,
      value: goal,
      from,
      to,
      appliesToSubtree: subtree,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <form className="target-form" onSubmit={submit} aria-labelledby="target-form-title">
      <h3 id="target-form-title">{t('dash.newTarget')}</h3>
      <div className="target-form-grid">
        <SelectField
          label={t('dash.targetUnit')}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
        >
          {dashboard.units.map((u) => (
            <option key={u.id} value={u.id}>
              {'\u00a0'.repeat(u.depth * 3)}
              {u.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('dash.targetMetric')}
          value={metric}
          onChange={(e) => setMetric(e.target.value as TargetMetric)}
        >
          {TARGET_METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`dash.metric.${m}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('dash.targetComparator')}
          value={comparator}
          onChange={(e) => setComparator(e.target.value as TargetComparator)}
        >
          <option value=">=">{t('dash.atLeast')}</option>
          <option value="<=">{t('dash.atMost')}</option>
        </SelectField>
        <TextField
          label={t('dash.targetValue')}
          type="number"
          min={0}
          max={metric === 'indicted_share_digitized' ? 100 : undefined}
          step="any"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <TextField
          label={t('dash.from')}
          type="date"
          required
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label={t('dash.to')}
          type="date"
          required
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <TextField
          label={t('dash.targetNote')}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="field field-checkbox">
        <input
          id="target-subtree"
          type="checkbox"
          checked={subtree}
          onChange={(e) => setSubtree(e.target.checked)}
        />
        <label htmlFor="target-subtree">{t('dash.targetSubtree')}</label>
      </div>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t('dash.addTarget')}
      </button>
    </form>
  );
}
