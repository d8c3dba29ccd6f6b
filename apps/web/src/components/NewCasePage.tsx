import type { SessionInfo } from '@sohoa/contracts';
import { useEffect, useRef } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { emptyCaseForm, toCreateBody } from '../lib/case-form.ts';
import { canCreateCases } from '../lib/case-permissions.ts';
import { caseRoute } from '../lib/router.ts';
import { Link, useRouter } from '../lib/use-router.tsx';
import { CaseForm } from './CaseForm.tsx';
import '../workspace.css';

/** Register a new case in the user's unit; the creator is put on its team by the server. */
export function NewCasePage({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="panel panel-wide" aria-labelledby="new-case-title">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link to={{ name: 'cases' }}>{t('cases.title')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{t('cases.create')}</span>
      </nav>
      <h1 id="new-case-title" ref={headingRef} tabIndex={-1}>
        {t('cases.create')}
      </h1>
      {!canCreateCases(session) && (
        <p className="alert alert-notice">{t('caseForm.cannotCreate')}</p>
      )}
      <CaseForm
        initial={emptyCaseForm()}
        unitName={session.unit.name}
        submitLabel={t('caseForm.create')}
        onSubmit={async (values) => {
          const { case: created } = await api.createCase(toCreateBody(values));
          navigate(caseRoute(created.id, 'details'));
        }}
        onCancel={() => navigate({ name: 'cases' })}
      />
    </section>
  );
}
