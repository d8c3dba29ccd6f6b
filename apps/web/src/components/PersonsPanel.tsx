import type { CasePerson } from '@sohoa/contracts';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { filterPersons, otherSpellings, rolesOf } from '../lib/person-filter.ts';
import { caseRoute } from '../lib/router.ts';
import { formatIsoDate } from '../lib/timeline-flags.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { Link } from '../lib/use-router.tsx';
import { flattenDocuments } from '../lib/viewer-logic.ts';
import { ErrorAlert } from './Alerts.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

const range = (from: number | null, to: number | null) =>
  from === null ? null : to !== null && to !== from ? `${from}–${to}` : String(from);

/**
 * Everyone named in the case's documents: their roles, the documents they appear in and their
 * statements, with bút lục; filtered by role and by name typed with or without diacritics.
 */
export function PersonsPanel({
  caseId,
  data,
  onUnauthorized,
}: {
  caseId: string;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [persons, setPersons] = useState<CasePerson[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [roleCode, setRoleCode] = useState('');
  const structureKey = data.structure
    ? `${data.structure.documentCount}:${data.edits.length}`
    : 'none';

  useEffect(() => {
    let cancelled = false;
    api.listCasePersons(caseId).then(
      (r) => !cancelled && setPersons(r.persons),
      (e: unknown) => !cancelled && !onUnauthorized(e) && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [caseId, structureKey, onUnauthorized]);

  const firstPage = useMemo(
    () => new Map(flattenDocuments(data.structure).map((d) => [d.id, d.pageIds[0] ?? null])),
    [data.structure],
  );
  const roles = useMemo(() => rolesOf(persons ?? []), [persons]);
  const shown = useMemo(
    () => filterPersons(persons ?? [], { query, roleCode: roleCode || null }),
    [persons, query, roleCode],
  );

  if (error) {
    return <ErrorAlert lines={describeError(error, t)} />;
  }
  if (!persons) {
    return <p role="status">{t('app.loading')}</p>;
  }
  return (
    <section className="panel panel-full" aria-labelledby="persons-title">
      <div className="panel-heading">
        <h2 id="persons-title">{t('persons.title', { n: persons.length })}</h2>
      </div>
      <div className="case-filters" role="search" aria-label={t('persons.filters')}>
        <div className="filter-field filter-grow">
          <label htmlFor="person-q">{t('persons.name')}</label>
          <input
            id="person-q"
            type="search"
            value={query}
            placeholder={t('persons.namePlaceholder')}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="filter-field">
          <label htmlFor="person-role">{t('persons.role')}</label>
          <select id="person-role" value={roleCode} onChange={(e) => setRoleCode(e.target.value)}>
            <option value="">{t('cases.all')}</option>
            {roles.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name[language]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted" role="status">
        {t('persons.shown', { n: shown.length, total: persons.length })}
      </p>
      {persons.length === 0 && <p className="empty-state">{t('persons.empty')}</p>}
      <ul className="person-list">
        {shown.map((p) => (
          <li key={p.key} className="person-card">
            <h3>
              {p.name}
              {p.roles.map((r) => (
                <span key={r.code} className="mark mark-info">
                  {r.name[language]}
                </span>
              ))}
            </h3>
            {otherSpellings(p).length > 0 && (
              <p className="muted">
                {t('persons.variants', { names: otherSpellings(p).join(', ') })}
              </p>
            )}
            <table className="person-docs">
              <caption className="visually-hidden">{t('persons.docsOf', { name: p.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('persons.document')}</th>
                  <th scope="col">{t('index.colDate')}</th>
                  <th scope="col">{t('persons.asRole')}</th>
                  <th scope="col">{t('index.colButLuc')}</th>
                </tr>
              </thead>
              <tbody>
                {p.appearances.map((a, i) => {
                  const pageId = firstPage.get(a.documentId) ?? null;
                  const isStatement = p.statements.some((s) => s.documentId === a.documentId);
                  const bl = range(a.butLucFrom, a.butLucTo);
                  return (
                    <tr key={`${a.documentId}-${i}`}>
                      <td>
                        {pageId ? (
                          <Link to={caseRoute(caseId, 'view', { pageId })}>
                            {a.typeName[language]}
                          </Link>
                        ) : (
                          a.typeName[language]
                        )}
                        {isStatement && (
                          <span className="mark mark-warn">{t('persons.statement')}</span>
                        )}
                      </td>
                      <td className="nowrap">{formatIsoDate(a.date)}</td>
                      <td>{roles.find((r) => r.code === a.role)?.name[language] ?? a.role}</td>
                      <td className="nowrap">
                        {bl ? `${t('page.butLucShort')} ${bl}` : t('structure.noButLuc')}
                        {a.volume !== null && (
                          <span className="muted"> · {t('import.volume', { n: a.volume })}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </li>
        ))}
      </ul>
    </section>
  );
}
