import {
  ANNOTATION_COLORS,
  type Annotation,
  type AnnotationColor,
  type UpdateAnnotationBody,
} from '@sohoa/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { viewerImageShownAfter, viewerImagesShown } from '../lib/viewer-first-image.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { caseRoute, type Route } from '../lib/router.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { useRouter } from '../lib/use-router.tsx';
import {
  butLucRange,
  changeSecondView,
  DEFAULT_PANE_VIEW,
  documentOfPage,
  findPageByButLuc,
  flattenDocuments,
  neighbourDocumentPage,
  nextZoom,
  openSideBySide,
  secondPaneView,
  toggleSync,
  wordsHighlight,
  type PaneView,
  type SideBySide,
} from '../lib/viewer-logic.ts';
import { ErrorAlert } from './Alerts.tsx';
import { AnnotationsPanel } from './AnnotationsPanel.tsx';
import { ViewerExhibitBar, type PendingCallout } from './ViewerExhibitBar.tsx';
import {
  PagePane,
  pageText,
  type DrawnAnnotation,
  type PageOverlayRenderer,
  type ViewerTool,
} from './PagePane.tsx';

export type { PageOverlayRenderer } from './PagePane.tsx';

type Data = ReturnType<typeof useCaseData>;

const TOOLS: Array<{ tool: ViewerTool; label: MessageKey }> = [
  { tool: 'text', label: 'viewer.toolText' },
  { tool: 'pan', label: 'viewer.toolPan' },
  { tool: 'region', label: 'viewer.toolRegion' },
  { tool: 'note', label: 'viewer.toolNote' },
  { tool: 'callout', label: 'viewer.toolCallout' },
];
const TOOL_HINTS: Partial<Record<ViewerTool, MessageKey>> = {
  pan: 'viewer.panHint',
  region: 'viewer.drawHint',
  note: 'viewer.noteHint',
  callout: 'viewer.calloutHint',
};

/**
 * The page viewer: the server's display-size image with its OCR text layer (select and copy),
 * fit width / fit page / percent, view rotation, pan by dragging, previous/next page and document,
 * go to a bút lục, a second page side by side (own or synced zoom and rotation), and annotations
 * (highlight a region or selected words, sticky notes; private or shared) listed beside the page.
 * Keys: ←/→ or PageUp/PageDown for pages, +/− to zoom.
 */
export function Viewer({
  route,
  caseId,
  data,
  overlays = [],
}: {
  route: Extract<Route, { name: 'case' }>;
  caseId: string;
  data: Data;
  overlays?: readonly PageOverlayRenderer[];
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const pages = useMemo(() => data.pages ?? [], [data.pages]);
  const documents = useMemo(() => flattenDocuments(data.structure), [data.structure]);
  const page = pages.find((p) => p.id === route.pageId) ?? pages[0] ?? null;
  const index = page ? pages.indexOf(page) : -1;
  const doc = page ? documentOfPage(documents, page.id) : null;

  const [view, setView] = useState<PaneView>(DEFAULT_PANE_VIEW);
  const [side, setSide] = useState<SideBySide | null>(null);
  const [tool, setTool] = useState<ViewerTool>('text');
  const [color, setColor] = useState<AnnotationColor>('yellow');
  const [shareNew, setShareNew] = useState(false);
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState<string | null>(null);
  const [secondGoTo, setSecondGoTo] = useState('');
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [showPanel, setShowPanel] = useState(true);
  const [problem, setProblem] = useState<string[] | null>(null);
  const [primaryPercent, setPrimaryPercent] = useState(100);
  const [secondPercent, setSecondPercent] = useState(100);
  const [callout, setCallout] = useState<PendingCallout | null>(null);

  const reload = useCallback(async () => {
    try {
      const { annotations: list } = await api.listAnnotations(caseId);
      setAnnotations(list);
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }, [caseId, t]);
  const hasPages = pages.length > 0;
  useEffect(() => {
    // After the first page image (at most 1.5 s once the page list is here): the embedded
    // database answers one query at a time, and the notes are drawn over the page once it is there.
    if (!hasPages) {
      return;
    }
    let alive = true;
    void viewerImageShownAfter(viewerImagesShown(), 1500).then(() => {
      if (alive) {
        void reload();
      }
    });
    return () => {
      alive = false;
    };
  }, [reload, hasPages]);

  const show = (pageId: string | null | undefined) => {
    if (pageId) {
      navigate(caseRoute(caseId, 'view', { pageId }), { replace: true });
    }
  };
  const zoom = (direction: 1 | -1) =>
    setView((v) => ({ ...v, mode: 'percent', percent: nextZoom(primaryPercent, direction) }));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) {
        return;
      }
      if (event.key === 'ArrowRight' || event.key === 'PageDown') {
        event.preventDefault();
        show(pages[index + 1]?.id);
      } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
        event.preventDefault();
        show(pages[index - 1]?.id);
      } else if (event.key === '+' || event.key === '=') {
        zoom(1);
      } else if (event.key === '-') {
        zoom(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (data.pages === null) {
    return <p role="status">{t('app.loading')}</p>;
  }
  if (!page) {
    return <p className="empty-state">{t('review.noPages')}</p>;
  }

  const range = doc ? butLucRange(doc) : null;
  const secondPage = side ? (pages.find((p) => p.id === side.pageId) ?? null) : null;
  const secondView = side ? secondPaneView(side, view) : null;

  const submitGoTo = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const n = Number(goTo);
    const found = Number.isInteger(n) ? findPageByButLuc(pages, n) : null;
    if (found) {
      setGoToError(null);
      show(found.id);
    } else {
      setGoToError(t('viewer.butLucNotFound', { n: goTo }));
    }
  };
  const submitSecondGoTo = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const n = Number(secondGoTo);
    const found = Number.isInteger(n) ? findPageByButLuc(pages, n) : null;
    if (found && side) {
      setGoToError(null);
      setSide({ ...side, pageId: found.id });
    } else {
      setGoToError(t('viewer.butLucNotFound', { n: secondGoTo }));
    }
  };

  async function guarded<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      const result = await work();
      setProblem(null);
      return result;
    } catch (error) {
      setProblem(describeError(error, t));
      return null;
    }
  }

  const visibility = shareNew ? ('shared' as const) : ('private' as const);
  const onDraw = async (drawn: DrawnAnnotation) => {
    if (drawn.kind === 'callout') {
      const drawnOn = pages.find((p) => p.id === drawn.pageId);
      setCallout(drawnOn ? { page: drawnOn, rect: drawn.rect } : null);
      return true;
    }
    const created = await guarded(() =>
      api.createAnnotation(caseId, {
        ...(drawn.kind === 'region'
          ? { kind: 'region' as const, pageId: drawn.pageId, rect: drawn.rect }
          : { kind: 'note' as const, pageId: drawn.pageId, point: drawn.point, text: drawn.text }),
        color,
        visibility,
      }),
    );
    if (created) {
      setSelectedId(created.annotation.id);
      await reload();
    }
    return created !== null;
  };

  const highlightSelection = async () => {
    const selection = window.getSelection();
    const spans = selection
      ? [...document.querySelectorAll<HTMLElement>('.text-layer [data-word]')].filter((span) =>
          selection.containsNode(span, true),
        )
      : [];
    const pageId = spans[0]?.closest<HTMLElement>('.text-layer')?.dataset.pageId;
    if (!pageId) {
      setProblem([t('viewer.noSelection')]);
      return;
    }
    const onPage = spans.filter(
      (s) => s.closest<HTMLElement>('.text-layer')?.dataset.pageId === pageId,
    );
    const { words } = await pageText(caseId, pageId);
    const chosen = wordsHighlight(
      words,
      onPage.map((s) => Number(s.dataset.word)),
    );
    if (!chosen) {
      setProblem([t('viewer.noSelection')]);
      return;
    }
    const created = await guarded(() =>
      api.createAnnotation(caseId, {
        kind: 'words',
        pageId,
        boxes: chosen.boxes,
        text: chosen.text.slice(0, 4000),
        color,
        visibility,
      }),
    );
    if (created) {
      selection?.removeAllRanges();
      setSelectedId(created.annotation.id);
      await reload();
    }
  };

  const onUpdate = async (id: string, changes: UpdateAnnotationBody) => {
    const updated = await guarded(() => api.updateAnnotation(caseId, id, changes));
    if (updated) {
      setAnnotations((list) => list.map((a) => (a.id === id ? updated.annotation : a)));
    }
    return updated !== null;
  };
  const onDelete = async (id: string) => {
    const deleted = await guarded(() => api.deleteAnnotation(caseId, id));
    if (deleted) {
      setAnnotations((list) => list.filter((a) => a.id !== id));
    }
    return deleted !== null;
  };
  const onGoToAnnotation = (a: Annotation) => {
    if (side && a.pageId === side.pageId) {
      return;
    }
    show(a.pageId);
  };

  const rotate = (v: PaneView, by: number) => ({ ...v, rotation: (v.rotation + by + 360) % 360 });
  const changeSecond = (change: (v: PaneView) => PaneView) => {
    if (!side) {
      return;
    }
    const next = changeSecondView(side, view, change);
    setSide(next.side);
    setView(next.primary);
  };

  return (
    <div className="viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <div className="button-row">
          <button
            type="button"
            className="button-small"
            disabled={!neighbour(-1)}
            onClick={() => show(neighbour(-1))}
          >
            ⇤ {t('viewer.prevDocument')}
          </button>
          <button
            type="button"
            className="button-small"
            disabled={index <= 0}
            onClick={() => show(pages[index - 1]?.id)}
          >
            ← {t('viewer.prevPage')}
          </button>
          <span className="viewer-position" aria-live="polite">
            {t('viewer.position', { n: index + 1, total: pages.length })}
          </span>
          <button
            type="button"
            className="button-small"
            disabled={index >= pages.length - 1}
            onClick={() => show(pages[index + 1]?.id)}
          >
            {t('viewer.nextPage')} →
          </button>
          <button
            type="button"
            className="button-small"
            disabled={!neighbour(1)}
            onClick={() => show(neighbour(1))}
          >
            {t('viewer.nextDocument')} ⇥
          </button>
        </div>
        <form className="goto-form" onSubmit={submitGoTo}>
          <label htmlFor="goto-butluc">{t('viewer.goToButLuc')}</label>
          <input
            id="goto-butluc"
            type="number"
            inputMode="numeric"
            min={0}
            value={goTo}
            onChange={(e) => setGoTo(e.target.value)}
            aria-invalid={goToError ? true : undefined}
            aria-describedby={goToError ? 'goto-error' : undefined}
          />
          <button type="submit" className="button-small">
            {t('viewer.go')}
          </button>
        </form>
        <ZoomControls
          view={view}
          shownPercent={primaryPercent}
          onChange={setView}
          idPrefix="primary"
          rotate={rotate}
        />
      </div>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.tools')}>
        <div className="button-row" role="group" aria-label={t('viewer.tools')}>
          {TOOLS.map(({ tool: id, label }) => (
            <button
              key={id}
              type="button"
              className="button-small"
              aria-pressed={tool === id}
              onClick={() => setTool(id)}
            >
              {t(label)}
            </button>
          ))}
          <button
            type="button"
            className="button-small"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void highlightSelection()}
          >
            {t('viewer.highlightSelection')}
          </button>
        </div>
        <div className="button-row">
          <label htmlFor="annotation-color">{t('viewer.color')}</label>
          <select
            id="annotation-color"
            value={color}
            onChange={(e) => setColor(e.target.value as AnnotationColor)}
          >
            {ANNOTATION_COLORS.map((c) => (
              <option key={c} value={c}>
                {t(`color.${c}` as MessageKey)}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={shareNew}
              onChange={(e) => setShareNew(e.target.checked)}
            />{' '}
            {t('viewer.shareNew')}
          </label>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button-small"
            aria-pressed={side !== null}
            onClick={() => setSide(side ? null : openSideBySide(pages, page.id))}
          >
            {t('viewer.sideBySide')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-pressed={showPanel}
            onClick={() => setShowPanel(!showPanel)}
          >
            {t(showPanel ? 'ann.hidePanel' : 'ann.showPanel')}
          </button>
        </div>
      </div>
      {TOOL_HINTS[tool] && <p className="muted viewer-hint">{t(TOOL_HINTS[tool])}</p>}
      {goToError && (
        <p id="goto-error" role="alert" className="field-error">
          {goToError}
        </p>
      )}
      {problem && <ErrorAlert lines={problem} />}
      <ViewerExhibitBar
        caseId={caseId}
        callout={callout}
        pair={side && secondPage ? [page, secondPage] : null}
        onDone={() => setCallout(null)}
      />
      {side && secondView && (
        <div
          className="viewer-toolbar second-toolbar"
          role="toolbar"
          aria-label={t('viewer.secondPage')}
        >
          <strong>{t('viewer.secondPage')}</strong>
          <div className="button-row">
            <label htmlFor="second-page">{t('viewer.secondPagePick')}</label>
            <select
              id="second-page"
              value={side.pageId}
              onChange={(e) => setSide({ ...side, pageId: e.target.value })}
            >
              {pages.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.butLuc === null
                    ? t('page.where', { volume: p.volume, seq: p.seq })
                    : `${t('page.butLucShort')} ${p.butLuc} — ${t('page.where', { volume: p.volume, seq: p.seq })}`}
                </option>
              ))}
            </select>
          </div>
          <form className="goto-form" onSubmit={submitSecondGoTo}>
            <label htmlFor="second-goto">{t('viewer.goToButLuc')}</label>
            <input
              id="second-goto"
              type="number"
              inputMode="numeric"
              min={0}
              value={secondGoTo}
              onChange={(e) => setSecondGoTo(e.target.value)}
            />
            <button type="submit" className="button-small">
              {t('viewer.go')}
            </button>
          </form>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={side.synced}
              onChange={() => setSide(toggleSync(side, view))}
            />{' '}
            {t('viewer.sync')}
          </label>
          <ZoomControls
            view={secondView}
            shownPercent={secondPercent}
            onChange={(next) => changeSecond(() => next)}
            idPrefix="second"
            rotate={rotate}
          />
          <button type="button" className="button-small" onClick={() => setSide(null)}>
            ✕ {t('viewer.closeSideBySide')}
          </button>
        </div>
      )}
      <div className="viewer-info">
        <p>
          <strong>{doc ? (doc.title ?? doc.type.name[language]) : t('viewer.noDocument')}</strong>
          {doc && range && ` — ${t('page.butLucShort')} ${range}`}
        </p>
        <p className="muted">
          {t('page.where', { volume: page.volume, seq: page.seq })}
          {' · '}
          {page.butLuc === null ? t('page.noButLuc') : `${t('page.butLucShort')} ${page.butLuc}`}
          {page.isBlank && ` · ${t('page.markBlank')}`}
        </p>
      </div>
      <div className={`viewer-body${showPanel ? ' with-panel' : ''}`}>
        <div className={`viewer-panes${side ? ' two' : ''}`}>
          <PagePane
            caseId={caseId}
            page={page}
            view={view}
            tool={tool}
            overlays={overlays}
            annotations={annotations.filter((a) => a.pageId === page.id)}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onDraw={onDraw}
            label={t('viewer.primaryPane')}
            paneId="primary"
            onPercent={setPrimaryPercent}
            prefetchPages={[
              pages[index + 1],
              pages[index + 2],
              pages[index + 3],
              pages[index - 1],
            ].flatMap((p) => (p && p.status === 'DONE' ? [p] : []))}
          />
          {side && secondPage && secondView && (
            <PagePane
              caseId={caseId}
              page={secondPage}
              view={secondView}
              tool={tool}
              overlays={overlays}
              annotations={annotations.filter((a) => a.pageId === secondPage.id)}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onDraw={onDraw}
              label={t('viewer.secondPage')}
              paneId="second"
              onPercent={setSecondPercent}
            />
          )}
        </div>
        {showPanel && (
          <AnnotationsPanel
            annotations={annotations}
            currentPageId={page.id}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onGoTo={onGoToAnnotation}
            onUpdate={onUpdate}
            onDelete={onDelete}
          />
        )}
      </div>
    </div>
  );

  function neighbour(direction: 1 | -1) {
    return page ? neighbourDocumentPage({ pages, documents, pageId: page.id, direction }) : null;
  }
}

/** Fit width / fit page / − % + / rotate, for one pane. */
function ZoomControls({
  view,
  shownPercent,
  onChange,
  idPrefix,
  rotate,
}: {
  view: PaneView;
  shownPercent: number;
  onChange: (view: PaneView) => void;
  idPrefix: string;
  rotate: (view: PaneView, by: number) => PaneView;
}) {
  const { t } = useI18n();
  const base = shownPercent;
  return (
    <div className="button-row" role="group" aria-label={t('viewer.zoom')} id={`${idPrefix}-zoom`}>
      <button
        type="button"
        className="button-small"
        aria-pressed={view.mode === 'fitWidth'}
        onClick={() => onChange({ ...view, mode: 'fitWidth' })}
      >
        {t('viewer.fitWidth')}
      </button>
      <button
        type="button"
        className="button-small"
        aria-pressed={view.mode === 'fitPage'}
        onClick={() => onChange({ ...view, mode: 'fitPage' })}
      >
        {t('viewer.fitPage')}
      </button>
      <button
        type="button"
        className="button-small"
        aria-label={t('viewer.zoomOut')}
        onClick={() => onChange({ ...view, mode: 'percent', percent: nextZoom(base, -1) })}
      >
        −
      </button>
      <span className="viewer-zoom" aria-live="polite">
        {shownPercent}%
      </span>
      <button
        type="button"
        className="button-small"
        aria-label={t('viewer.zoomIn')}
        onClick={() => onChange({ ...view, mode: 'percent', percent: nextZoom(base, 1) })}
      >
        +
      </button>
      <button
        type="button"
        className="button-small"
        aria-label={t('viewer.rotateLeft')}
        onClick={() => onChange(rotate(view, -90))}
      >
        ↺
      </button>
      <button
        type="button"
        className="button-small"
        aria-label={t('viewer.rotateRight')}
        onClick={() => onChange(rotate(view, 90))}
      >
        ↻
      </button>
    </div>
  );
}
