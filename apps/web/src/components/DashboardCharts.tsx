import type { Dashboard } from '@sohoa/contracts';
import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/*
 * Plain SVG charts. They are pictures of the tables on the same page (the tables stay the source
 * for screen readers): each chart is a labelled figure with a short description, and the SVG is
 * role="img" with a title so it is announced as one image.
 */

const BAR_H = 22;
const GAP = 8;
const LABEL_W = 190;
const CHART_W = 640;

/** Horizontal bars: files digitized per unit. */
export function UnitBarChart({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useI18n();
  const id = useId();
  const rows = dashboard.units;
  const max = Math.max(1, ...rows.map((u) => u.figures.casesDigitized));
  const height = rows.length * (BAR_H + GAP) + GAP;
  const plotW = CHART_W - LABEL_W - 50;
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{t('dash.chartUnits')}</strong>
        <span className="muted"> — {t('dash.chartUnitsDesc')}</span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${CHART_W} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{t('dash.chartUnits')}</title>
        {rows.map((u, i) => {
          const y = GAP + i * (BAR_H + GAP);
          const w = (u.figures.casesDigitized / max) * plotW;
          return (
            <g key={u.id}>
              <text x={LABEL_W - 8} y={y + BAR_H * 0.7} textAnchor="end" className="chart-label">
                {u.name.length > 28 ? `${u.name.slice(0, 27)}…` : u.name}
              </text>
              <rect x={LABEL_W} y={y} width={Math.max(w, 1)} height={BAR_H} className="chart-bar" />
              <text x={LABEL_W + w + 6} y={y + BAR_H * 0.7} className="chart-value">
                {u.figures.casesDigitized}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const LINE_H = 200;
const PAD = { left: 40, right: 16, top: 12, bottom: 28 };

/** Lines per month: cases received and files digitized, with the trend table under it. */
export function TrendChart({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useI18n();
  const id = useId();
  const points = dashboard.trend;
  const max = Math.max(1, ...points.flatMap((p) => [p.casesReceived, p.casesDigitized]));
  const plotW = CHART_W - PAD.left - PAD.right;
  const plotH = LINE_H - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const path = (key: 'casesReceived' | 'casesDigitized') =>
    points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`)
      .join(' ');
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{t('dash.chartTrend')}</strong>
        <span className="muted"> — {t('dash.chartTrendDesc')}</span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${CHART_W} ${LINE_H}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{t('dash.chartTrend')}</title>
        <line
          x1={PAD.left}
          x2={PAD.left}
          y1={PAD.top}
          y2={PAD.top + plotH}
          className="chart-axis"
        />
        <line
          x1={PAD.left}
          x2={PAD.left + plotW}
          y1={PAD.top + plotH}
          y2={PAD.top + plotH}
          className="chart-axis"
        />
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end" className="chart-value">
          {max}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end" className="chart-value">
          0
        </text>
        {points.map((p, i) => (
          <text key={p.month} x={x(i)} y={LINE_H - 8} textAnchor="middle" className="chart-value">
            {p.month.slice(5, 7)}
          </text>
        ))}
        <path d={path('casesReceived')} className="chart-line chart-line-received" />
        <path d={path('casesDigitized')} className="chart-line chart-line-digitized" />
      </svg>
      <p className="chart-legend">
        <span className="legend-swatch legend-received" aria-hidden="true" />{' '}
        {t('dash.casesReceived')}{' '}
        <span className="legend-swatch legend-digitized" aria-hidden="true" />{' '}
        {t('dash.casesDigitized')}
      </p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('dash.chartTrend')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.month')}</th>
              <th scope="col">{t('dash.casesReceived')}</th>
              <th scope="col">{t('dash.casesDigitized')}</th>
              <th scope="col">{t('dash.pagesDigitized')}</th>
              <th scope="col">{t('dash.hearings')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{`${p.month.slice(5, 7)}/${p.month.slice(0, 4)}`}</th>
                <td className="num">{p.casesReceived}</td>
                <td className="num">{p.casesDigitized}</td>
                <td className="num">{p.pagesDigitized}</td>
                <td className="num">{p.hearingsWithDigitizedFile}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
