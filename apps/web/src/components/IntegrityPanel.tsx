import type { IntegrityReportDto, Page } from '@sohoa/contracts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';

const TYPE_LABELS: Record<IntegrityReportDto['anomalies'][number]['type'], MessageKey> = {
  missing: 'anomaly.missing',
  duplicate: 'anomaly.duplicate',
  skip: 'anomaly.skip',
  out_of_order: 'anomaly.out_of_order',
};

/** The bút lục report: totals, what covers state, and every anomaly with a jump to its pages. */
export function IntegrityPanel({
  report,
  pages,
  onJump,
}: {
  report: IntegrityReportDto | null;
  pages: readonly Page[];
  onJump: (pageId: string) => void;
}) {
  const { t } = useI18n();
  if (!report) {
    return <p role="status">{t('app.loading')}</p>;
  }
  const byId = new Map(pages.map((p) => [p.id, p]));
  const where = (pageId: string) => {
    const p = byId.get(pageId);
    return p ? t('page.whereShort', { volume: p.volume, seq: p.seq }) : pageId;
  };
  return (
    <div className="integrity">
      <h2>{t('integrity.title')}</h2>
      {!report.complete && (
        <p className="alert alert-notice" role="status">
          {t('integrity.pending', { n: report.pendingPages })}
        </p>
      )}
      <dl className="facts-grid">
        <div>
          <dt>{t('integrity.numbered')}</dt>
          <dd>{report.numberedSheets}</dd>
        </div>
        <div>
          <dt>{t('integrity.highest')}</dt>
          <dd>{report.highestButLuc ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('integrity.blank')}</dt>
          <dd>{report.blankPages}</dd>
        </div>
        <div>
          <dt>{t('integrity.inferred')}</dt>
          <dd>{report.inferred.length}</dd>
        </div>
        <div>
          <dt>{t('integrity.direction')}</dt>
          <dd>{t(`integrity.direction.${report.direction}`)}</dd>
        </div>
        <div>
          <dt>{t('integrity.stated')}</dt>
          <dd>
            {report.statedSheets === null
              ? '—'
              : `${report.statedSheets} ${report.statedMatches ? '✓' : '✗'}`}
          </dd>
        </div>
      </dl>
      {report.statedRanges.some((r) => !r.matches) && (
        <ul className="stated-ranges">
          {report.statedRanges
            .filter((r) => !r.matches)
            .map((r) => (
              <li key={r.volume} className="text-error">
                {t('integrity.statedMismatch', {
                  volume: r.volume,
                  from: r.stated.from,
                  to: r.stated.to,
                  actual: r.actual ? `${r.actual.from}–${r.actual.to}` : '—',
                })}
              </li>
            ))}
        </ul>
      )}
      <h3>{t('integrity.anomalies', { n: report.anomalies.length })}</h3>
      {report.anomalies.length === 0 ? (
        <p className="notice-ok">{t('integrity.none')}</p>
      ) : (
        <ul className="anomaly-list">
          {report.anomalies.map((a, i) => (
            <li key={i} className={`anomaly anomaly-${a.type}`}>
              <span className="anomaly-text">
                {t(TYPE_LABELS[a.type], {
                  butluc: a.butluc ?? '?',
                  skipped: (a.skipped ?? []).join(', '),
                })}
              </span>
              <span className="anomaly-pages">
                {a.pages.map((pageId) => (
                  <button
                    key={pageId}
                    type="button"
                    className="button-small"
                    onClick={() => onJump(pageId)}
                    aria-label={t('integrity.jump', { where: where(pageId) })}
                  >
                    {where(pageId)}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
