import {
  CASE_KIND_LABELS,
  CASE_STAGE_LABELS,
  DIGITIZATION_STATUS_LABELS,
  type CaseSearchHit,
  type SessionInfo,
} from '@sohoa/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { caseRoute, type CaseTab, type Route } from '../lib/router.ts';
import { useCaseData } from '../lib/use-case-data.ts';
import { Link, useRouter } from '../lib/use-router.tsx';
import { ErrorAlert } from './Alerts.tsx';
import { DigitizationPanel } from './DigitizationPanel.tsx';
import { CaseDetailsPanel } from './CaseDetailsPanel.tsx';
import { DownloadsPanel } from './DownloadsPanel.tsx';
import { IndexPanel } from './IndexPanel.tsx';
import { MapsPanel } from './MapsPanel.tsx';
import { PersonsPanel } from './PersonsPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { ReviewWorkspace } from './ReviewWorkspace.tsx';
import { Viewer } from './Viewer.tsx';
import { CaseSearchPanel, searchHitsOverlay } from './CaseSearchPanel.tsx';
import { CourtPanel } from './CourtPanel.tsx';

const TABS: Array<{ tab: CaseTab; label: MessageKey }> = [
  { tab: 'import', label: 'case.tabImport' },
  { tab: 'review', label: 'case.tabReview' },
  { tab: 'view', label: 'case.tabView' },
  { tab: 'procedure', label: 'case.tabProcedure' },
  { tab: 'index', label: 'case.tabIndex' },
  { tab: 'persons', label: 'case.tabPersons' },
  { tab: 'timeline', label: 'case.tabTimeline' },
  { tab: 'maps', label: 'case.tabMaps' },
  { tab: 'court', label: 'case.tabCourt' },
  { tab: 'downloads', label: 'case.tabDownloads' },
  { tab: 'details', label: 'case.tabDetails' },
];

/** One case: its header, then import and progress, review, or the page viewer. */
export function CasePage({
  route,
  session,
  onUnauthorized,
}: {
  route: Extract<Route, { name: 'case' }>;
  session: SessionInfo;
  onUnauthorized: () => void;
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const handleUnauthorized = useCallback(
    (error: unknown) => {
      if (isUnauthorized(error)) {
        onUnauthorized();
        return true;
      }
      return false;
    },
    [onUnauthorized],
  );
  const data = useCaseData(route.caseId, handleUnauthorized, { viewerFirst: route.tab === 'view' });
  const [searchHits, setSearchHits] = useState<CaseSearchHit[]>([]);
  const overlays = useMemo(() => [searchHitsOverlay(searchHits)], [searchHits]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = data.caseInfo !== null;
  useEffect(() => {
    if (loaded) {
      headingRef.current?.focus();
    }
  }, [loaded, route.caseId]);

  if (data.error && !data.caseInfo) {
    return (
      <section className="panel panel-wide" aria-labelledby="case-error-title">
        <h1 id="case-error-title">{t('case.loadFailed')}</h1>
        <ErrorAlert lines={describeError(data.error, t)} />
        <Link to={{ name: 'cases' }}>{t('case.backToList')}</Link>
      </section>
    );
  }
  const c = data.caseInfo;
  if (!c) {
    return (
      <p role="status" className="panel">
        {t('app.loading')}
      </p>
    );
  }
  const unitName = c.unitId === session.unit.id ? session.unit.name : c.unitId;
  return (
    <div className="case-page">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link to={{ name: 'cases' }}>{t('cases.title')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{c.internalNumber ?? c.title}</span>
      </nav>
      <header className="case-header">
        <h1 ref={headingRef} tabIndex={-1}>
          {c.title}
        </h1>
        <dl className="case-facts">
          {c.internalNumber && (
            <div>
              <dt>{t('cases.colNumber')}</dt>
              <dd>{c.internalNumber}</dd>
            </div>
          )}
          {c.nationalCode && (
            <div>
              <dt>{t('case.nationalCode')}</dt>
              <dd>{c.nationalCode}</dd>
            </div>
          )}
          <div>
            <dt>{t('cases.colKind')}</dt>
            <dd>{CASE_KIND_LABELS[c.kind][language]}</dd>
          </div>
          <div>
            <dt>{t('cases.colStage')}</dt>
            <dd>{CASE_STAGE_LABELS[c.stage][language]}</dd>
          </div>
          <div>
            <dt>{t('shell.unit')}</dt>
            <dd>{unitName}</dd>
          </div>
          <div>
            <dt>{t('case.digitization')}</dt>
            <dd>{DIGITIZATION_STATUS_LABELS[c.digitizationStatus][language]}</dd>
          </div>
        </dl>
      </header>
      <nav aria-label={t('case.sections')} className="tabs">
        {TABS.map(({ tab, label }) => (
          <Link
            key={tab}
            to={caseRoute(c.id, tab, { pageId: route.pageId, panel: route.panel })}
            aria-current={route.tab === tab ? 'page' : undefined}
            className="tab"
          >
            {t(label)}
          </Link>
        ))}
      </nav>
      {route.tab === 'import' && <ImportPanel caseId={c.id} data={data} />}
      {route.tab === 'review' && (
        <ReviewWorkspace
          route={route}
          caseInfo={c}
          data={data}
          onUnauthorized={handleUnauthorized}
        />
      )}
      {route.tab === 'view' && (
        <>
          <CaseSearchPanel
            caseId={c.id}
            initialQuery={route.q}
            currentPageId={route.pageId}
            onHits={setSearchHits}
          />
          <Viewer route={route} caseId={c.id} data={data} overlays={overlays} />
        </>
      )}
      {route.tab === 'procedure' && (
        <DigitizationPanel
          caseId={c.id}
          report={data.integrity}
          pages={data.pages ?? []}
          onChanged={() => void data.refresh(['case', 'integrity'])}
          onJump={(pageId) => navigate(caseRoute(c.id, 'review', { pageId, panel: 'page' }))}
        />
      )}
      {route.tab === 'details' && (
        <CaseDetailsPanel
          caseInfo={c}
          session={session}
          data={data}
          unitName={unitName}
          onUnauthorized={handleUnauthorized}
        />
      )}
      {route.tab === 'index' && (
        <IndexPanel caseId={c.id} data={data} onUnauthorized={handleUnauthorized} />
      )}
      {route.tab === 'persons' && (
        <PersonsPanel caseId={c.id} data={data} onUnauthorized={handleUnauthorized} />
      )}
      {route.tab === 'timeline' && (
        <TimelinePanel
          caseInfo={c}
          session={session}
          data={data}
          onUnauthorized={handleUnauthorized}
        />
      )}
      {route.tab === 'maps' && (
        <MapsPanel caseId={c.id} data={data} onUnauthorized={handleUnauthorized} />
      )}
      {route.tab === 'downloads' && <DownloadsPanel caseInfo={c} data={data} />}
      {route.tab === 'court' && (
        <CourtPanel caseId={c.id} data={data} onUnauthorized={handleUnauthorized} />
      )}
    </div>
  );
}
