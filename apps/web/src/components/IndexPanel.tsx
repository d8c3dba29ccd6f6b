import type { CaseIndex } from '@sohoa/contracts';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { caseRoute } from '../lib/router.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { Link } from '../lib/use-router.tsx';
import { flattenDocuments } from '../lib/viewer-logic.ts';
import { ErrorAlert } from './Alerts.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const roman = (n: number) => ROMAN[n - 1] ?? String(n);

/**
 * The case index (mục lục, "thống kê tài liệu có trong hồ sơ") as the DOCX prints it: per volume
 * and section, STT, số/ký hiệu, ngày, trích yếu, tác giả, bút lục, ghi chú. Each document links to
 * the viewer at its first page.
 */
export function IndexPanel({
  caseId,
  data,
  onUnauthorized,
}: {
  caseId: string;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [index, setIndex] = useState<CaseIndex | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Reloaded when the structure changes (an edit elsewhere, structuring finishing).
  const structureKey = data.structure
    ? `${data.structure.documentCount}:${data.edits.length}`
    : 'none';

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.getCaseIndex(caseId, { lang: language }).then(
      (r) => !cancelled && setIndex(r.index),
      (e: unknown) => !cancelled && !onUnauthorized(e) && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [caseId, language, structureKey, onUnauthorized]);

  const firstPage = useMemo(
    () => new Map(flattenDocuments(data.structure).map((d) => [d.id, d.pageIds[0] ?? null])),
    [data.structure],
  );

  if (error) {
    return <ErrorAlert lines={describeError(error, t)} />;
  }
  if (!index) {
    return <p role="status">{t('app.loading')}</p>;
  }
  return (
    <section className="panel panel-full index-view" aria-labelledby="index-title">
      <div className="panel-heading">
        <h2 id="index-title">{index.header.title}</h2>
        <p className="muted">
          {t('index.totals', {
            documents: index.totals.documents,
            sheets: index.totals.sheets,
          })}
          {index.totals.unnumbered > 0 &&
            ` · ${t('index.unnumbered', { n: index.totals.unnumbered })}`}
          {index.totals.unclassified > 0 &&
            ` · ${t('index.unclassified', { n: index.totals.unclassified })}`}
        </p>
      </div>
      {index.totals.documents === 0 && <p className="empty-state">{t('index.empty')}</p>}
      {index.volumes.map((volume) => (
        <section
          key={volume.number}
          className="index-volume"
          aria-label={t('import.volume', { n: volume.number })}
        >
          <h3>
            {t('import.volume', { n: volume.number })}
            {volume.title && <span className="muted"> — {volume.title}</span>}
            <span className="muted">
              {' '}
              ·{' '}
              {t('index.volumeTotals', {
                documents: volume.documentCount,
                sheets: volume.sheetCount,
              })}
            </span>
          </h3>
          <div className="table-scroll">
            <table className="index-table">
              <caption className="visually-hidden">
                {t('index.caption', { n: volume.number })}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="col-num">
                    {t('index.colStt')}
                  </th>
                  <th scope="col">{t('index.colNumber')}</th>
                  <th scope="col">{t('index.colDate')}</th>
                  <th scope="col">{t('index.colTitle')}</th>
                  <th scope="col">{t('index.colIssuer')}</th>
                  <th scope="col" className="col-num">
                    {t('index.colButLuc')}
                  </th>
                  <th scope="col">{t('index.colNotes')}</th>
                </tr>
              </thead>
              {volume.sections.map((section) => (
                <tbody key={section.code}>
                  <tr className="index-section-row">
                    <th scope="colgroup" colSpan={7}>
                      {roman(section.number)}. {section.name}
                    </th>
                  </tr>
                  {section.rows.map((row) => {
                    const pageId = firstPage.get(row.documentId) ?? null;
                    return (
                      <tr key={row.documentId} className={row.flags.length ? 'row-flagged' : ''}>
                        <td className="col-num">{row.stt}</td>
                        <td>{row.number ?? ''}</td>
                        <td className="nowrap">{row.dateText ?? ''}</td>
                        <td>
                          {pageId ? (
                            <Link to={caseRoute(caseId, 'view', { pageId })}>{row.title}</Link>
                          ) : (
                            row.title
                          )}
                        </td>
                        <td>{row.issuer ?? ''}</td>
                        <td className="col-num nowrap">{row.butLucText}</td>
                        <td>{row.notes ?? ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}
