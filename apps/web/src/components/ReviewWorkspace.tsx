import type { Case } from '@sohoa/contracts';
import { useCallback, useMemo } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { caseRoute, type ReviewPanel, type Route } from '../lib/router.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { useRouter } from '../lib/use-router.tsx';
import { flattenDocuments } from '../lib/viewer-logic.ts';
import { IntegrityPanel } from './IntegrityPanel.tsx';
import { PagePanel } from './PagePanel.tsx';
import { StructurePanel } from './StructurePanel.tsx';
import { ThumbnailGrid, type AnomalyType } from './ThumbnailGrid.tsx';

type Data = ReturnType<typeof useCaseData>;

const PANELS: Array<{ panel: ReviewPanel; label: MessageKey }> = [
  { panel: 'integrity', label: 'review.panelIntegrity' },
  { panel: 'structure', label: 'review.panelStructure' },
  { panel: 'page', label: 'review.panelPage' },
];

/** Thumbnails on the left; the integrity report, the structure or the selected page on the right. */
export function ReviewWorkspace({
  route,
  caseInfo,
  data,
  onUnauthorized,
}: {
  route: Extract<Route, { name: 'case' }>;
  caseInfo: Case;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const pages = useMemo(() => data.pages ?? [], [data.pages]);
  const documents = useMemo(() => flattenDocuments(data.structure), [data.structure]);

  const anomalies = useMemo(() => {
    const map = new Map<string, AnomalyType[]>();
    for (const a of data.integrity?.anomalies ?? []) {
      for (const pageId of a.pages) {
        map.set(pageId, [...(map.get(pageId) ?? []), a.type]);
      }
    }
    return map;
  }, [data.integrity]);
  const documentStarts = useMemo(
    () => new Set(documents.map((d) => d.pageIds[0]).filter((id): id is string => !!id)),
    [documents],
  );

  const select = useCallback(
    (pageId: string, panel?: ReviewPanel) =>
      navigate(caseRoute(route.caseId, 'review', { pageId, panel: panel ?? route.panel }), {
        replace: true,
      }),
    [navigate, route.caseId, route.panel],
  );
  const open = useCallback(
    (pageId: string) => navigate(caseRoute(route.caseId, 'view', { pageId })),
    [navigate, route.caseId],
  );
  const selectedPage = pages.find((p) => p.id === route.pageId) ?? null;

  return (
    <div className="review-layout">
      <section className="review-thumbs" aria-labelledby="thumbs-title">
        <h2 id="thumbs-title" className="visually-hidden">
          {t('review.thumbsTitle')}
        </h2>
        {data.pages === null ? (
          <p role="status">{t('app.loading')}</p>
        ) : pages.length === 0 ? (
          <p className="empty-state">{t('review.noPages')}</p>
        ) : (
          <ThumbnailGrid
            caseId={route.caseId}
            pages={pages}
            selectedId={route.pageId}
            anomalies={anomalies}
            documentStarts={documentStarts}
            onSelect={select}
            onOpen={open}
          />
        )}
      </section>
      <section className="review-side" aria-label={t('review.sideLabel')}>
        <div role="tablist" aria-label={t('review.sideLabel')} className="side-tabs">
          {PANELS.map(({ panel, label }) => (
            <button
              key={panel}
              type="button"
              role="tab"
              id={`side-tab-${panel}`}
              aria-selected={route.panel === panel}
              aria-controls="side-panel"
              onClick={() =>
                navigate(caseRoute(route.caseId, 'review', { pageId: route.pageId, panel }), {
                  replace: true,
                })
              }
            >
              {t(label)}
            </button>
          ))}
        </div>
        <div
          id="side-panel"
          role="tabpanel"
          aria-labelledby={`side-tab-${route.panel}`}
          className="side-panel"
        >
          {route.panel === 'integrity' && (
            <IntegrityPanel
              report={data.integrity}
              pages={pages}
              onJump={(id) => select(id, 'page')}
            />
          )}
          {route.panel === 'structure' && (
            <StructurePanel
              caseInfo={caseInfo}
              data={data}
              documents={documents}
              pages={pages}
              selectedPageId={route.pageId}
              onSelectPage={(id) => select(id)}
              onUnauthorized={onUnauthorized}
            />
          )}
          {route.panel === 'page' && (
            <PagePanel
              caseId={route.caseId}
              page={selectedPage}
              document={
                selectedPage
                  ? (documents.find((d) => d.pageIds.includes(selectedPage.id)) ?? null)
                  : null
              }
              // A correction may reopen the digitization procedure: the header shows it too.
              onChanged={() =>
                void data.refresh(['pages', 'integrity', 'structure', 'edits', 'case'])
              }
              onOpen={open}
              onUnauthorized={onUnauthorized}
            />
          )}
        </div>
      </section>
    </div>
  );
}
