import type { Annotation, AnnotationColor, PageText } from '@sohoa/contracts';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent, PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import {
  canPan,
  displayScale,
  panScroll,
  rectFromDrag,
  viewerImageWidth,
  screenToPage,
  wordStyle,
  type PagePoint,
  type PageRect,
  type PaneView,
} from '../lib/viewer-logic.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { noteViewerImageShown } from '../lib/viewer-first-image.ts';

type Data = ReturnType<typeof useCaseData>;
export type ViewerPage = NonNullable<Data['pages']>[number];

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

/** What the pointer does on the page. */
export type ViewerTool = 'text' | 'pan' | 'region' | 'note' | 'callout';

/** A new annotation drawn on a page (the viewer adds colour and visibility). */
export type DrawnAnnotation =
  | { kind: 'region'; pageId: string; rect: PageRect }
  /** A region for the exhibit list (callout tool), not an annotation. */
  | { kind: 'callout'; pageId: string; rect: PageRect }
  | { kind: 'note'; pageId: string; point: PagePoint; text: string };

/** "100 %" shows a page at the width of an A4 sheet on a 96 dpi screen (794 CSS px). */
export const A4_CSS_WIDTH = 794;

export const ANNOTATION_CSS_COLORS: Record<AnnotationColor, string> = {
  yellow: 'rgb(255 235 59 / 45%)',
  green: 'rgb(102 187 106 / 40%)',
  blue: 'rgb(100 181 246 / 40%)',
  pink: 'rgb(240 98 146 / 40%)',
};

/** Text layers of pages already fetched (one request per page per visit of the viewer). */
const textCache = new Map<string, Promise<PageText>>();

export function pageText(caseId: string, pageId: string): Promise<PageText> {
  let found = textCache.get(pageId);
  if (!found) {
    found = api.getPageText(caseId, pageId);
    found.catch(() => textCache.delete(pageId));
    textCache.set(pageId, found);
  }
  return found;
}

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/**
 * Page images fetched and decoded ahead of the reader, held so that the browser finishes them and
 * keeps them decoded: when ← / → shows one, its <img> finds it in the memory cache and paints it in
 * the next frame instead of waiting for the server to resize the scan. The most recent few only.
 */
const prefetched = new Map<string, HTMLImageElement>();
const PREFETCH_KEPT = 12;

function prefetchImage(url: string): void {
  const held = prefetched.get(url);
  if (held) {
    prefetched.delete(url);
    prefetched.set(url, held);
    return;
  }
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  image.decode().catch(() => prefetched.delete(url));
  prefetched.set(url, image);
  for (const oldest of prefetched.keys()) {
    if (prefetched.size <= PREFETCH_KEPT) {
      break;
    }
    prefetched.delete(oldest);
  }
}

/**
 * One page of the viewer: the image at its display size, the transparent OCR text layer (select and
 * copy), the annotations, and the pointer tools (pan by dragging, draw a region, place a note).
 */
export function PagePane({
  caseId,
  page,
  view,
  tool,
  overlays,
  annotations,
  selectedId,
  onSelect,
  onDraw,
  label,
  paneId,
  onPercent,
  prefetchPages = [],
}: {
  caseId: string;
  page: ViewerPage;
  view: PaneView;
  tool: ViewerTool;
  overlays: readonly PageOverlayRenderer[];
  annotations: readonly Annotation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDraw: (drawn: DrawnAnnotation) => Promise<boolean>;
  label: string;
  paneId: string;
  /** The zoom shown, in percent of A4 width (fit modes compute it from the stage). */
  onPercent?: (percent: number) => void;
  /**
   * Pages to fetch and decode at the same size once this one is shown (the next few in reading
   * order first, then the previous one): the server marks page images cacheable, so ← / → then
   * show them without waiting for a resize.
   */
  prefetchPages?: readonly ViewerPage[];
}) {
  const { t } = useI18n();
  const stage = useRef<HTMLDivElement>(null);
  const sheet = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 800, height: 600 });
  const [aspect, setAspect] = useState(1.414);
  const [words, setWords] = useState<PageText['words']>([]);
  const [draft, setDraft] = useState<{ from: PagePoint; to: PagePoint } | null>(null);
  const [notePoint, setNotePoint] = useState<PagePoint | null>(null);
  const [noteText, setNoteText] = useState('');
  const pan = useRef<{ x: number; y: number; left: number; top: number } | null>(null);

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
  }, []);

  const done = page.status === 'DONE';
  useEffect(() => {
    setWords([]);
    setNotePoint(null);
    if (!done) {
      return;
    }
    let live = true;
    pageText(caseId, page.id).then(
      (text) => live && setWords(text.words),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [caseId, page.id, done]);

  const scale = displayScale({
    mode: view.mode,
    percent: view.percent,
    imageWidth: A4_CSS_WIDTH,
    imageHeight: A4_CSS_WIDTH * aspect,
    viewportWidth: box.width,
    viewportHeight: box.height,
    rotation: view.rotation,
  });
  const cssWidth = A4_CSS_WIDTH * scale;
  const cssHeight = cssWidth * aspect;
  const quarter = view.rotation % 180 !== 0;
  const shownPercent = Math.round((cssWidth / A4_CSS_WIDTH) * 100);
  useEffect(() => {
    onPercent?.(shownPercent);
  }, [onPercent, shownPercent]);

  const pointOf = (event: ReactPointerEvent) =>
    screenToPage({
      clientX: event.clientX,
      clientY: event.clientY,
      box: sheet.current!.getBoundingClientRect(),
      rotation: view.rotation,
    });

  const onStagePointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const el = stage.current;
    if (!el || event.button !== 0 || tool !== 'pan') {
      return;
    }
    const content = { width: el.scrollWidth, height: el.scrollHeight };
    const viewport = { width: el.clientWidth, height: el.clientHeight };
    if (!canPan({ content, viewport })) {
      return;
    }
    event.preventDefault();
    el.setPointerCapture(event.pointerId);
    pan.current = { x: event.clientX, y: event.clientY, left: el.scrollLeft, top: el.scrollTop };
  };
  const onStagePointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const el = stage.current;
    const start = pan.current;
    if (!el || !start) {
      return;
    }
    const next = panScroll({
      start: { left: start.left, top: start.top },
      dx: event.clientX - start.x,
      dy: event.clientY - start.y,
      content: { width: el.scrollWidth, height: el.scrollHeight },
      viewport: { width: el.clientWidth, height: el.clientHeight },
    });
    el.scrollLeft = next.left;
    el.scrollTop = next.top;
  };
  const endPan = () => {
    pan.current = null;
  };

  const onDrawDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) {
      return;
    }
    event.preventDefault();
    const p = pointOf(event);
    if (tool === 'note') {
      setNotePoint(p);
      setNoteText('');
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    setDraft({ from: p, to: p });
  };
  const onDrawMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (draft) {
      setDraft({ from: draft.from, to: pointOf(event) });
    }
  };
  const onDrawUp = async (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!draft) {
      return;
    }
    const rect = rectFromDrag(draft.from, pointOf(event));
    setDraft(null);
    if (rect) {
      await onDraw({ kind: tool === 'callout' ? 'callout' : 'region', pageId: page.id, rect });
    }
  };

  const submitNote = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!notePoint || noteText.trim() === '') {
      return;
    }
    if (await onDraw({ kind: 'note', pageId: page.id, point: notePoint, text: noteText.trim() })) {
      setNotePoint(null);
      setNoteText('');
    }
  };

  const draftRect = draft ? rectFromDrag(draft.from, draft.to, 0) : null;
  const drawing = tool === 'region' || tool === 'note' || tool === 'callout';

  return (
    <section className="viewer-pane" aria-label={label} data-pane={paneId}>
      {notePoint && (
        <form className="note-form" onSubmit={(e) => void submitNote(e)}>
          <label htmlFor={`note-text-${paneId}`}>{t('viewer.noteText')}</label>
          <textarea
            id={`note-text-${paneId}`}
            rows={2}
            maxLength={4000}
            value={noteText}
            autoFocus
            onChange={(e) => setNoteText(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button-small" disabled={noteText.trim() === ''}>
              {t('viewer.noteSave')}
            </button>
            <button type="button" className="button-small" onClick={() => setNotePoint(null)}>
              {t('viewer.cancel')}
            </button>
          </div>
        </form>
      )}
      <div
        ref={stage}
        className={`viewer-stage tool-${tool}`}
        tabIndex={0}
        aria-label={t('viewer.stage')}
        onPointerDown={onStagePointerDown}
        onPointerMove={onStagePointerMove}
        onPointerUp={endPan}
        onPointerCancel={endPan}
      >
        <div
          className="viewer-canvas"
          style={{ width: quarter ? cssHeight : cssWidth, height: quarter ? cssWidth : cssHeight }}
        >
          {done ? (
            <div
              ref={sheet}
              className="viewer-sheet"
              data-page-id={page.id}
              style={{
                width: cssWidth,
                height: cssHeight,
                transform: `translate(-50%, -50%) rotate(${view.rotation}deg)`,
              }}
            >
              <img
                key={page.id}
                src={api.pageImageUrl(caseId, page.id, {
                  width: viewerImageWidth(cssWidth, window.devicePixelRatio),
                  v: page.imageVersion,
                })}
                alt={t('viewer.pageImage', {
                  where: t('page.where', { volume: page.volume, seq: page.seq }),
                })}
                draggable={false}
                onLoad={(e) => {
                  noteViewerImageShown();
                  const img = e.currentTarget;
                  if (img.naturalWidth > 0) {
                    setAspect(img.naturalHeight / img.naturalWidth);
                  }
                  const width = viewerImageWidth(cssWidth, window.devicePixelRatio);
                  for (const next of prefetchPages) {
                    prefetchImage(
                      api.pageImageUrl(caseId, next.id, { width, v: next.imageVersion }),
                    );
                  }
                }}
              />
              <div className="annotation-layer" aria-hidden={annotations.length === 0}>
                {annotations.map((a) => (
                  <AnnotationMark
                    key={a.id}
                    annotation={a}
                    selected={a.id === selectedId}
                    onSelect={onSelect}
                  />
                ))}
              </div>
              {overlays.map((render, i) => (
                <div key={i} className="page-overlay">
                  {render({ page, cssWidth, cssHeight })}
                </div>
              ))}
              <div
                className={`text-layer${tool === 'text' ? ' text-layer-active' : ''}`}
                data-page-id={page.id}
                aria-label={t('viewer.textLayer')}
                role="document"
              >
                {words.map((w, i) => (
                  <span key={i} data-word={i} style={wordStyle(w, cssHeight)}>
                    {`${w.text} `}
                  </span>
                ))}
              </div>
              {drawing && (
                <div
                  className="draw-layer"
                  onPointerDown={onDrawDown}
                  onPointerMove={onDrawMove}
                  onPointerUp={(e) => void onDrawUp(e)}
                >
                  {draftRect && (
                    <div
                      className="draw-draft"
                      style={{
                        left: pct(draftRect.x),
                        top: pct(draftRect.y),
                        width: pct(draftRect.w),
                        height: pct(draftRect.h),
                      }}
                    />
                  )}
                  {notePoint && (
                    <div
                      className="note-pin note-pin-draft"
                      style={{ left: pct(notePoint.x), top: pct(notePoint.y) }}
                    />
                  )}
                </div>
              )}
            </div>
          ) : (
            <p className="thumb-placeholder">{t('page.markPending')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

/** One annotation drawn over the page; notes are buttons that select it in the list. */
function AnnotationMark({
  annotation: a,
  selected,
  onSelect,
}: {
  annotation: Annotation;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const background = ANNOTATION_CSS_COLORS[a.color];
  const cls = `ann-mark ann-${a.kind}${selected ? ' ann-selected' : ''}`;
  if (a.kind === 'note' && a.point) {
    return (
      <button
        type="button"
        className={`${cls} note-pin`}
        data-annotation-id={a.id}
        style={{ left: pct(a.point.x), top: pct(a.point.y), background }}
        aria-label={t('ann.noteOnPage', { text: a.text ?? '' })}
        title={a.text ?? ''}
        onClick={() => onSelect(a.id)}
      >
        ✎
      </button>
    );
  }
  const boxes: Array<[number, number, number, number]> = a.rect
    ? [[a.rect.x, a.rect.y, a.rect.x + a.rect.w, a.rect.y + a.rect.h]]
    : (a.boxes ?? []);
  return (
    <>
      {boxes.map(([x0, y0, x1, y1], i) => (
        <div
          key={i}
          className={cls}
          data-annotation-id={a.id}
          style={{
            left: pct(x0),
            top: pct(y0),
            width: pct(x1 - x0),
            height: pct(y1 - y0),
            background,
          }}
        />
      ))}
    </>
  );
}
