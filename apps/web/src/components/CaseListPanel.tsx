import { CASE_KIND_LABELS, CASE_STAGE_LABELS, DIGITIZATION_STATUS_LABELS } from '@sohoa/contracts';
import { CASE_KINDS, CASE_STAGES, DIGITIZATION_STATUSES } from '../lib/enum-lists.ts';
import type { CaseList, SessionInfo, Unit } from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import {
  CASE_PAGE_SIZE,
  hasActiveFilters,
  pageCount,
  toListCasesQuery,
  withFilter,
  type CaseFilters,
} from '../lib/case-filters.ts';
import { canCreateCases } from '../lib/case-permissions.ts';
import { caseRoute } from '../lib/router.ts';
import { Link, useRouter } from '../lib/use-router.tsx';
import { ErrorAlert } from './Alerts.tsx';
import '../workspace.css';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; list: CaseList };

/**
 * Cases visible to the user (the server applies unit and confidentiality rules), filtered by kind,
 * stage, unit, digitization status, "assigned to me" and free text, a page at a time. The filters
 * live in the URL, so reload, Back and shared links keep them.
 */
export function CaseListPanel({
  filters,
  session,
  onUnauthorized,
}: {
  filters: CaseFilters;
  session: SessionInfo;
  onUnauthorized: () => void;
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [units, setUnits] = useState<Unit[]>([]);
  const [text, setText] = useState(filters.q ?? '');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const queryKey = JSON.stringify(toListCasesQuery(filters));

  useEffect(() => {
    // After login the focus would otherwise stay on <body>; start keyboard users at the content.
    headingRef.current?.focus();
  }, []);
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  useEffect(() => {
    let cancelled = false;
    api.listUnits().then(
      (r) => !cancelled && setUnits(r.units),
      () => undefined, // the unit filter then offers the user's own unit only
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    api.listCases(JSON.parse(queryKey) as ReturnType<typeof toListCasesQuery>).then(
      (list) => {
        if (!cancelled) {
          setState({ status: 'ready', list });
        }
      },
      (error: unknown) => {
        if (cancelled) {
          return;
        }
        if (isUnauthorized(error)) {
          onUnauthorized();
        } else {
          setState({ status: 'failed', error });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [queryKey, onUnauthorized]);

  const go = (next: CaseFilters) => navigate({ name: 'cases', filters: next }, { replace: true });
  const change = (patch: Partial<CaseFilters>) => go(withFilter(filters, patch));
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    change({ q: text.trim() || undefined });
  };

  const unitOptions = units.length > 0 ? units : [session.unit];
  const unitName = (id: string) => unitOptions.find((u) => u.id === id)?.name ?? id;
  const list = state.status === 'ready' ? state.list : null;
  const pages = list ? pageCount(list.total, CASE_PAGE_SIZE) : 1;
  const current = filters.page ?? 1;

  return (
    <section className="panel panel-full" aria-labelledby="cases-title">
      <div className="panel-heading">
        <h1 id="cases-title" ref={headingRef} tabIndex={-1}>
          {t('cases.title')}
        </h1>
        {list && list.total > 0 && (
          <p className="muted" role="status">
            {t('cases.total', { count: list.total })}
          </p>
        )}
        {canCreateCases(session) && (
          <Link to={{ name: 'newCase' }} className="button-primary button-link">
            {t('cases.create')}
          </Link>
        )}
      </div>

      <div className="case-filters" role="search" aria-label={t('cases.filters')}>
        <form className="filter-search" onSubmit={onSearch}>
          <label htmlFor="case-q">{t('cases.search')}</label>
          <input
            id="case-q"
            type="search"
            value={text}
            maxLength={200}
            placeholder={t('cases.searchPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button-secondary">
            {t('cases.searchSubmit')}
          </button>
        </form>
        <div className="filter-field">
          <label htmlFor="case-kind">{t('cases.colKind')}</label>
          <select
            id="case-kind"
            value={filters.kind ?? ''}
            onChange={(e) =>
              change({ kind: CASE_KINDS.find((k) => k === e.target.value) ?? undefined })
            }
          >
            <option value="">{t('cases.all')}</option>
            {CASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {CASE_KIND_LABELS[k][language]}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor="case-stage">{t('cases.colStage')}</label>
          <select
            id="case-stage"
            value={filters.stage ?? ''}
            onChange={(e) =>
              change({ stage: CASE_STAGES.find((s) => s === e.target.value) ?? undefined })
            }
          >
            <option value="">{t('cases.all')}</option>
            {CASE_STAGES.map((s) => (
              <option key={s} value={s}>
                {CASE_STAGE_LABELS[s][language]}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor="case-unit">{t('shell.unit')}</label>
          <select
            id="case-unit"
            value={filters.unitId ?? ''}
            onChange={(e) => change({ unitId: e.target.value || undefined })}
          >
            <option value="">{t('cases.all')}</option>
            {unitOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor="case-status">{t('case.digitization')}</label>
          <select
            id="case-status"
            value={filters.digitizationStatus ?? ''}
            onChange={(e) =>
              change({
                digitizationStatus:
                  DIGITIZATION_STATUSES.find((s) => s === e.target.value) ?? undefined,
              })
            }
          >
            <option value="">{t('cases.all')}</option>
            {DIGITIZATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DIGITIZATION_STATUS_LABELS[s][language]}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox filter-mine">
          <input
            type="checkbox"
            checked={filters.assignedToMe ?? false}
            onChange={(e) => change({ assignedToMe: e.target.checked })}
          />
          {t('cases.assignedToMe')}
        </label>
        {hasActiveFilters(filters) && (
          <button type="button" className="button-small" onClick={() => go({})}>
            {t('cases.clearFilters')}
          </button>
        )}
      </div>

      {state.status === 'loading' && <p role="status">{t('cases.loading')}</p>}
      {state.status === 'failed' && <ErrorAlert lines={describeError(state.error, t)} />}
      {list && list.items.length === 0 && (
        <p className="empty-state">
          {hasActiveFilters(filters) ? t('cases.noMatch') : t('cases.empty')}
        </p>
      )}
      {list && list.items.length > 0 && (
        <div className="table-scroll">
          <table aria-labelledby="cases-title">
            <thead>
              <tr>
                <th scope="col">{t('cases.colNumber')}</th>
                <th scope="col">{t('cases.colTitle')}</th>
                <th scope="col">{t('cases.colKind')}</th>
                <th scope="col">{t('cases.colStage')}</th>
                <th scope="col">{t('case.digitization')}</th>
                <th scope="col">{t('shell.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.internalNumber ?? <span className="muted">{t('cases.noNumber')}</span>}
                  </td>
                  <td>
                    <Link to={caseRoute(item.id)}>{item.title}</Link>
                    {item.assigneeIds.includes(session.user.id) && (
                      <span className="mark mark-info case-mine">{t('cases.mine')}</span>
                    )}
                  </td>
                  <td>{CASE_KIND_LABELS[item.kind][language]}</td>
                  <td>{CASE_STAGE_LABELS[item.stage][language]}</td>
                  <td>{DIGITIZATION_STATUS_LABELS[item.digitizationStatus][language]}</td>
                  <td>{unitName(item.unitId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && pages > 1 && (
        <nav className="pager" aria-label={t('cases.pager')}>
          <button
            type="button"
            className="button-small"
            disabled={current <= 1}
            onClick={() => go({ ...filters, page: current - 1 })}
          >
            ← {t('cases.prevPage')}
          </button>
          <span aria-current="page">{t('cases.pageOf', { page: current, pages })}</span>
          <button
            type="button"
            className="button-small"
            disabled={current >= pages}
            onClick={() => go({ ...filters, page: current + 1 })}
          >
            {t('cases.nextPage')} →
          </button>
        </nav>
      )}
    </section>
  );
}
