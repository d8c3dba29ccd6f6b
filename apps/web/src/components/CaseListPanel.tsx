import { CASE_KIND_LABELS, CASE_STAGE_LABELS } from '@sohoa/contracts';
import type { CaseList } from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { caseRoute } from '../lib/router.ts';
import { Link } from '../lib/use-router.tsx';
import { ErrorAlert } from './Alerts.tsx';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; list: CaseList };

/**
 * Cases visible to the user (the server applies unit and confidentiality rules). Only the first
 * page for now: search, filters and paging belong to the full case screens.
 */
export function CaseListPanel({ onUnauthorized }: { onUnauthorized: () => void }) {
  const { language, t } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // After login the focus would otherwise stay on <body>; start keyboard users at the content.
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.listCases().then(
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
  }, [onUnauthorized]);

  return (
    <section className="panel panel-full" aria-labelledby="cases-title">
      <div className="panel-heading">
        <h1 id="cases-title" ref={headingRef} tabIndex={-1}>
          {t('cases.title')}
        </h1>
        {state.status === 'ready' && state.list.total > 0 && (
          <p className="muted">{t('cases.total', { count: state.list.total })}</p>
        )}
      </div>
      {state.status === 'loading' && <p role="status">{t('cases.loading')}</p>}
      {state.status === 'failed' && <ErrorAlert lines={describeError(state.error, t)} />}
      {state.status === 'ready' && state.list.items.length === 0 && (
        <p className="empty-state">{t('cases.empty')}</p>
      )}
      {state.status === 'ready' && state.list.items.length > 0 && (
        <div className="table-scroll">
          <table aria-labelledby="cases-title">
            <thead>
              <tr>
                <th scope="col">{t('cases.colNumber')}</th>
                <th scope="col">{t('cases.colTitle')}</th>
                <th scope="col">{t('cases.colKind')}</th>
                <th scope="col">{t('cases.colStage')}</th>
              </tr>
            </thead>
            <tbody>
              {state.list.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.internalNumber ?? <span className="muted">{t('cases.noNumber')}</span>}
                  </td>
                  <td>
                    <Link to={caseRoute(item.id)}>{item.title}</Link>
                  </td>
                  <td>{CASE_KIND_LABELS[item.kind][language]}</td>
                  <td>{CASE_STAGE_LABELS[item.stage][language]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
