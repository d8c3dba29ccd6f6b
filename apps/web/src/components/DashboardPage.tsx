import type { Dashboard, DashboardFigures, SessionInfo, Unit } from '@sohoa/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { DashboardParams, Route } from '../lib/router.ts';
import { useRouter } from '../lib/use-router.tsx';
import { ErrorAlert } from './Alerts.tsx';
import { TrendChart, UnitBarChart } from './DashboardCharts.tsx';
import { DashboardTargets } from './DashboardTargets.tsx';
import { SelectField, TextField } from './Field.tsx';
import '../dashboard.css';

/** The units of `rootId`'s subtree in tree order, with their depth (for the picker). */
function subtreeOptions(units: Unit[], rootId: string) {
  const out: Array<Unit & { depth: number }> = [];
  const visit = (id: string, depth: number) => {
    const unit = units.find((u) => u.id === id);
    if (!unit || out.some((u) => u.id === id)) {
      return;
    }
    out.push({ ...unit, depth });
    units
      .filter((u) => u.parentId === id)
      .sort((a, b) => a.code.localeCompare(b.code))
      .forEach((child) => visit(child.id, depth + 1));
  };
  visit(rootId, 0);
  return out;
}

/**
 * The steering dashboard ("Bảng điều khiển"): per-unit figures of a subtree and period, charts,
 * the committee's targets with their status, and the report. The URL holds unit and period.
 */
export function DashboardPage({
  route,
  session,
  onUnauthorized,
}: {
  route: Extract<Route, { name: 'dashboard' }>;
  session: SessionInfo;
  onUnauthorized: () => void;
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const [units, setUnits] = useState<Array<Unit & { depth: number }>>([]);
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<DashboardParams>(route.params);
  const [reload, setReload] = useState(0);
  const key = JSON.stringify(route.params);

  const handle = useCallback(
    (e: unknown) => {
      if (isUnauthorized(e)) {
        onUnauthorized();
        return true;
      }
      return false;
    },
    [onUnauthorized],
  );

  useEffect(() => {
    let cancelled = false;
    api.listUnits().then(
      (r) => !cancelled && setUnits(subtreeOptions(r.units, session.unit.id)),
      (e: unknown) => !cancelled && !handle(e) && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [session.unit.id, handle]);

  useEffect(() => {
    let cancelled = false;
    const params = JSON.parse(key) as DashboardParams;
    setError(null);
    api.getDashboard(params).then(
      (r) => {
        if (!cancelled) {
          setDashboard(r.dashboard);
          setForm({ unitId: r.dashboard.unit.id, from: r.dashboard.from, to: r.dashboard.to });
        }
      },
      (e: unknown) => !cancelled && !handle(e) && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [key, reload, handle]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate({ name: 'dashboard', params: form });
    setReload((n) => n + 1);
  };
  const thisYear = () => {
    const year = new Date().getUTCFullYear();
    navigate({
      name: 'dashboard',
      params: {
        ...(form.unitId ? { unitId: form.unitId } : {}),
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      },
    });
  };
  const query = dashboard
    ? { unitId: dashboard.unit.id, from: dashboard.from, to: dashboard.to }
    : {};
  const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

  return (
    <div className="dashboard">
      <section className="panel panel-full" aria-labelledby="dashboard-title">
        <h1 id="dashboard-title">{t('dash.title')}</h1>
        <p className="muted">{t('dash.intro')}</p>
        <form className="dashboard-filters" onSubmit={submit} aria-label={t('dash.filters')}>
          <SelectField
            label={t('dash.unit')}
            value={form.unitId ?? session.unit.id}
            onChange={(e) => setForm({ ...form, unitId: e.target.value })}
          >
            {(units.length > 0 ? units : [{ ...session.unit, depth: 0 }]).map((u) => (
              <option key={u.id} value={u.id}>
                {'\u00a0'.repeat(u.depth * 3)}
                {u.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('dash.from')}
            type="date"
            value={form.from ?? ''}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
          <TextField
            label={t('dash.to')}
            type="date"
            value={form.to ?? ''}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
          <div className="dashboard-filter-actions">
            <button type="submit" className="button-primary">
              {t('dash.apply')}
            </button>
            <button type="button" className="button-secondary" onClick={thisYear}>
              {t('dash.thisYear')}
            </button>
          </div>
        </form>
        <ErrorAlert lines={error ? describeError(error, t) : []} />
        {dashboard && (
          <div className="dashboard-meta">
            <p>
              <strong>{dashboard.unit.name}</strong> ·{' '}
              {t('dash.period', { from: viDate(dashboard.from), to: viDate(dashboard.to) })} ·{' '}
              <span className="muted">
                {t('dash.generatedAt', {
                  time: new Date(dashboard.generatedAt).toLocaleString(
                    language === 'vi' ? 'vi-VN' : 'en-GB',
                  ),
                })}
              </span>
            </p>
            <p className="dashboard-downloads">
              <span>{t('dash.report')}:</span>{' '}
              <a href={api.dashboardReportUrl('xlsx', query)} download>
                {t('dash.reportXlsx')}
              </a>{' '}
              <a href={api.dashboardReportUrl('pdf', query)} download>
                {t('dash.reportPdf')}
              </a>
            </p>
          </div>
        )}
      </section>
      {dashboard === null && !error && (
        <p role="status" className="panel">
          {t('app.loading')}
        </p>
      )}
      {dashboard && (
        <>
          <UnitTable dashboard={dashboard} />
          <DashboardTargets
            dashboard={dashboard}
            onChanged={() => setReload((n) => n + 1)}
            onUnauthorized={handle}
          />
          <section className="panel panel-full" aria-label={t('dash.chartUnits')}>
            <UnitBarChart dashboard={dashboard} />
          </section>
          <section className="panel panel-full" aria-label={t('dash.chartTrend')}>
            <TrendChart dashboard={dashboard} />
          </section>
        </>
      )}
    </div>
  );
}

function UnitTable({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useI18n();
  const cells = (f: DashboardFigures) => (
    <>
      <td className="num">{f.casesReceived}</td>
      <td className="num">{f.casesDigitized}</td>
      <td className="num">{f.pagesDigitized}</td>
      <td className="num">{f.sheetsDigitized}</td>
      <td className="num">
        {t('dash.indictedValue', {
          done: f.indictedDigitized,
          all: f.indictedCases,
          share: f.indictedShareDigitized === null ? '—' : `${f.indictedShareDigitized}%`,
        })}
      </td>
      <td className="num">
        {t('dash.hearingsValue', { with: f.hearingsWithDigitizedFile, all: f.hearings })}
      </td>
      <td className="num">{f.pagesAwaitingReview}</td>
      <td className="num">{f.ocrFailures}</td>
    </>
  );
  return (
    <section className="panel panel-full" aria-labelledby="by-unit-title">
      <h2 id="by-unit-title">{t('dash.byUnit')}</h2>
      <div className="table-scroll">
        <table className="dashboard-table">
          <thead>
            <tr>
              <th scope="col">{t('dash.unitCol')}</th>
              <th scope="col">{t('dash.casesReceived')}</th>
              <th scope="col">{t('dash.casesDigitized')}</th>
              <th scope="col">{t('dash.pagesDigitized')}</th>
              <th scope="col">{t('dash.sheetsDigitized')}</th>
              <th scope="col">{t('dash.indicted')}</th>
              <th scope="col">{t('dash.hearings')}</th>
              <th scope="col">{t('dash.awaitingReview')}</th>
              <th scope="col">{t('dash.ocrFailures')}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.units.map((u) => (
              <tr key={u.id}>
                <th scope="row" style={{ paddingLeft: `${0.75 + u.depth * 1.25}rem` }}>
                  {u.name}
                </th>
                {cells(u.figures)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('dash.total')}</th>
              {cells(dashboard.totals)}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
