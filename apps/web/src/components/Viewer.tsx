import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { caseRoute, type Route } from '../lib/router.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { useRouter } from '../lib/use-router.tsx';
import {
  butLucRange,
  displayScale,
  documentOfPage,
  findPageByButLuc,
  flattenDocuments,
  neighbourDocumentPage,
  nextZoom,
  requestWidth,
  type ZoomMode,
} from '../lib/viewer-logic.ts';

type Data = ReturnType<typeof useCaseData>;
type ViewerPage = NonNullable<Data['pages']>[number];

/**
 * Layers drawn over the page image (OCR text layer, search hits, annotations). The overlay box is
 * the upright page, before the view rotation, and rotates with it: children position themselves in
 * percent of the page's width and height (`left: x / uprightWidthPx * 100 + '%'`).
 */
export type PageOverlayRenderer = (args: {
  page: ViewerPage;
  cssWidth: number;
  cssHeight: number;
}) => ReactNode;

/** "100 %" shows a page at the width of an A4 sheet on a 96 dpi screen (794 CSS px). */
const A4_CSS_WIDTH = 794;

/**
 * One page at a time, from the server's display-size image: fit width / fit page / percent,
 * view rotation, previous/next page and document, go to a bút lục. Keys: ←/→ or PageUp/PageDown
 * for pages, +/− to zoom.
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

  const [mode, setMode] = useState<ZoomMode>('fitWidth');
  const [percent, setPercent] = useState(100);
  const [rotation, setRotation] = useState(0);
  const [aspect, setAspect] = useState(1.414);
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState<string | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  // The stage exists once there is a page to show: measure it then.
  const hasPage = page !== null;
  const [box, setBox] = useState({ width: 800, height: 600 });

  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) {
      return;
    }
    const measure = () => setBox({ width: el.clientWidth - 32, height: el.clientHeight - 32 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasPage]);

  const show = (pageId: string | null | undefined) => {
    if (pageId) {
      navigate(caseRoute(caseId, 'view', { pageId }), { replace: true });
      stage.current?.scrollTo({ top: 0 });
    }
  };

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
        setMode('percent');
        setPercent((p) => nextZoom(p, 1));
      } else if (event.key === '-') {
        setMode('percent');
        setPercent((p) => nextZoom(p, -1));
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

  const scale = displayScale({
    mode,
    percent,
    imageWidth: A4_CSS_WIDTH,
    imageHeight: A4_CSS_WIDTH * aspect,
    viewportWidth: box.width,
    viewportHeight: box.height,
    rotation,
  });
  const cssWidth = A4_CSS_WIDTH * scale;
  const cssHeight = cssWidth * aspect;
  const quarter = rotation % 180 !== 0;
  const shownPercent = Math.round((cssWidth / A4_CSS_WIDTH) * 100);
  const range = doc ? butLucRange(doc) : null;

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
        <div className="button-row" role="group" aria-label={t('viewer.zoom')}>
          <button
            type="button"
            className="button-small"
            aria-pressed={mode === 'fitWidth'}
            onClick={() => setMode('fitWidth')}
          >
            {t('viewer.fitWidth')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-pressed={mode === 'fitPage'}
            onClick={() => setMode('fitPage')}
          >
            {t('viewer.fitPage')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('viewer.zoomOut')}
            onClick={() => {
              setMode('percent');
              setPercent(nextZoom(shownPercent, -1));
            }}
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
            onClick={() => {
              setMode('percent');
              setPercent(nextZoom(shownPercent, 1));
            }}
          >
            +
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('viewer.rotateLeft')}
            onClick={() => setRotation((r) => (r + 270) % 360)}
          >
            ↺
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('viewer.rotateRight')}
            onClick={() => setRotation((r) => (r + 90) % 360)}
          >
            ↻
          </button>
        </div>
      </div>
      {goToError && (
        <p id="goto-error" role="alert" className="field-error">
          {goToError}
        </p>
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
      <div ref={stage} className="viewer-stage" tabIndex={0} aria-label={t('viewer.stage')}>
        <div
          className="viewer-canvas"
          style={{ width: quarter ? cssHeight : cssWidth, height: quarter ? cssWidth : cssHeight }}
        >
          {page.status === 'DONE' ? (
            <div
              className="viewer-sheet"
              style={{
                width: cssWidth,
                height: cssHeight,
                transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
              }}
            >
              <img
                key={page.id}
                src={api.pageImageUrl(caseId, page.id, {
                  width: requestWidth(cssWidth, window.devicePixelRatio),
                })}
                alt={t('viewer.pageImage', {
                  where: t('page.where', { volume: page.volume, seq: page.seq }),
                })}
                onLoad={(e) => {
                  const img = e.currentTarget;
                  if (img.naturalWidth > 0) {
                    setAspect(img.naturalHeight / img.naturalWidth);
                  }
                  prefetchNeighbours(requestWidth(cssWidth, window.devicePixelRatio));
                }}
              />
              {overlays.map((render, i) => (
                <div key={i} className="page-overlay">
                  {render({ page, cssWidth, cssHeight })}
                </div>
              ))}
            </div>
          ) : (
            <p className="thumb-placeholder">{t('page.markPending')}</p>
          )}
        </div>
      </div>
    </div>
  );

  /**
   * Once the page is shown, its neighbours are fetched at the same size into the browser cache
   * (the server marks page images cacheable), so ← / → show the next page without waiting for
   * the server to resize it.
   */
  function prefetchNeighbours(width: number) {
    for (const next of [pages[index + 1], pages[index - 1]]) {
      if (next && next.status === 'DONE') {
        const img = new Image();
        img.decoding = 'async';
        img.src = api.pageImageUrl(caseId, next.id, { width });
      }
    }
  }

  function neighbour(direction: 1 | -1) {
    return page ? neighbourDocumentPage({ pages, documents, pageId: page.id, direction }) : null;
  }
}
