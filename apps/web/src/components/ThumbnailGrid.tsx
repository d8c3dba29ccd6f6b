import type { Page } from '@sohoa/contracts';
import { Fragment, memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { requestWidth } from '../lib/viewer-logic.ts';
import { columnsFor, computeGridWindow, scrollTopToReveal } from '../lib/virtual-grid.ts';
import { PAGE_DRAG_TYPE, setDraggedPage } from '../lib/boundary-drag.ts';

const CELL_WIDTH = 136;
const CELL_HEIGHT = 212;
const GAP = 8;
const IMAGE_CSS_WIDTH = CELL_WIDTH - 12;

export type AnomalyType = 'missing' | 'duplicate' | 'skip' | 'out_of_order';
const ANOMALY_LABELS: Record<AnomalyType, MessageKey> = {
  missing: 'anomaly.short.missing',
  duplicate: 'anomaly.short.duplicate',
  skip: 'anomaly.short.skip',
  out_of_order: 'anomaly.short.out_of_order',
};

/**
 * Thumbnails of every page of the case, virtualised: only the rows in view (plus two) are in the
 * DOM, so scrolling 5,000 pages stays smooth. Arrow keys move the selection (Up/Down by a row),
 * Home/End go to the ends; Enter opens the page in the viewer.
 */
export function ThumbnailGrid({
  caseId,
  pages,
  selectedId,
  anomalies,
  documentStarts,
  onSelect,
  onOpen,
}: {
  caseId: string;
  pages: readonly Page[];
  selectedId: string | null;
  anomalies: ReadonlyMap<string, AnomalyType[]>;
  documentStarts: ReadonlySet<string>;
  onSelect: (pageId: string) => void;
  onOpen: (pageId: string) => void;
}) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 600, height: 500, scrollTop: 0 });
  const columns = columnsFor({ viewportWidth: box.width - 16, cellWidth: CELL_WIDTH, gap: GAP });
  const rowHeight = CELL_HEIGHT + GAP;
  const win = computeGridWindow({
    itemCount: pages.length,
    columns,
    rowHeight,
    scrollTop: box.scrollTop,
    viewportHeight: box.height,
  });
  const focusAfterRender = useRef<string | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    const measure = () =>
      setBox({ width: el.clientWidth, height: el.clientHeight, scrollTop: el.scrollTop });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) {
      setBox((b) => (b.scrollTop === el.scrollTop ? b : { ...b, scrollTop: el.scrollTop }));
    }
  }, []);

  // Bring the selected page into view (a jump from the integrity report or the structure).
  const selectedIndex = selectedId ? pages.findIndex((p) => p.id === selectedId) : -1;
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) {
      return;
    }
    const top = scrollTopToReveal({
      index: selectedIndex,
      columns,
      rowHeight,
      scrollTop: el.scrollTop,
      viewportHeight: el.clientHeight,
    });
    if (top !== null) {
      el.scrollTop = top;
      setBox((b) => ({ ...b, scrollTop: top }));
    }
  }, [selectedIndex, columns, rowHeight]);

  useEffect(() => {
    if (focusAfterRender.current) {
      // The target may only be rendered after the scroll that reveals it: keep trying until then.
      const target = scroller.current?.querySelector<HTMLButtonElement>(
        `[data-page-id="${focusAfterRender.current}"]`,
      );
      if (target) {
        target.focus({ preventScroll: true });
        focusAfterRender.current = null;
      }
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (pages.length === 0) {
      return;
    }
    const at = selectedIndex < 0 ? 0 : selectedIndex;
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      ArrowDown: at + columns,
      ArrowUp: at - columns,
      Home: 0,
      End: pages.length - 1,
      PageDown: at + columns * Math.max(1, Math.floor(box.height / rowHeight)),
      PageUp: at - columns * Math.max(1, Math.floor(box.height / rowHeight)),
    };
    const target = moves[event.key];
    if (target === undefined) {
      return;
    }
    event.preventDefault();
    const next = pages[Math.min(pages.length - 1, Math.max(0, target))]!;
    focusAfterRender.current = next.id;
    onSelect(next.id);
  };

  const visible = pages.slice(win.startIndex, win.endIndex);
  const imageWidth = requestWidth(IMAGE_CSS_WIDTH, window.devicePixelRatio);
  return (
    <div
      ref={scroller}
      className="thumb-scroller"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      role="region"
      aria-label={t('review.thumbnails', { count: pages.length })}
    >
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        <ul
          className="thumb-grid"
          style={{
            transform: `translateY(${win.offsetY}px)`,
            gridTemplateColumns: `repeat(${win.columns}, ${CELL_WIDTH}px)`,
            gap: GAP,
          }}
        >
          {visible.map((page) => (
            <Thumbnail
              key={page.id}
              caseId={caseId}
              page={page}
              imageWidth={imageWidth}
              selected={page.id === selectedId}
              startsDocument={documentStarts.has(page.id)}
              anomalies={anomalies.get(page.id)}
              onSelect={onSelect}
              onOpen={onOpen}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

const Thumbnail = memo(function Thumbnail({
  caseId,
  page,
  imageWidth,
  selected,
  startsDocument,
  anomalies,
  onSelect,
  onOpen,
}: {
  caseId: string;
  page: Page;
  imageWidth: number;
  selected: boolean;
  startsDocument: boolean;
  anomalies: AnomalyType[] | undefined;
  onSelect: (pageId: string) => void;
  onOpen: (pageId: string) => void;
}) {
  const { t } = useI18n();
  const [broken, setBroken] = useState(false);
  const ready = page.status === 'DONE';
  const marks: Array<{ key: string; label: string; tone: string }> = [];
  if (page.isBlank) {
    marks.push({ key: 'blank', label: t('page.markBlank'), tone: 'info' });
  }
  if (page.rotation) {
    marks.push({ key: 'rot', label: `↻${page.rotation}°`, tone: 'info' });
  }
  for (const a of anomalies ?? []) {
    marks.push({ key: a, label: t(ANOMALY_LABELS[a]), tone: 'warn' });
  }
  if (page.status === 'FAILED') {
    marks.push({ key: 'failed', label: t('page.markFailed'), tone: 'warn' });
  } else if (!ready) {
    marks.push({ key: 'pending', label: t('page.markPending'), tone: 'info' });
  }
  const bl =
    page.butLuc === null
      ? t('page.noButLucShort')
      : `${t('page.butLucShort')} ${page.butLuc}${page.butLucSource === 'INFERRED' ? '?' : ''}${page.butLucSource === 'MANUAL' ? '✎' : ''}`;
  // The visible caption and marks first, in their order (WCAG 2.5.3 "label in name": voice control
  // users say what they see), then the spelled-out position for screen readers.
  const label = [
    bl,
    t('page.whereShort', { volume: page.volume, seq: page.seq }),
    ...marks.map((m) => m.label),
    t('page.where', { volume: page.volume, seq: page.seq }),
    startsDocument ? t('page.startsDocument') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li className="thumb-cell">
      <button
        type="button"
        className={`thumb${selected ? ' thumb-selected' : ''}${startsDocument ? ' thumb-doc-start' : ''}`}
        aria-pressed={selected}
        aria-label={label}
        data-page-id={page.id}
        tabIndex={selected ? 0 : -1}
        draggable
        onDragStart={(e) => {
          // Dropped on a neighbouring document of the structure panel, it moves the boundary.
          e.dataTransfer.setData(PAGE_DRAG_TYPE, page.id);
          e.dataTransfer.effectAllowed = 'move';
          setDraggedPage(page.id);
        }}
        onDragEnd={() => setDraggedPage(null)}
        onClick={() => onSelect(page.id)}
        onDoubleClick={() => onOpen(page.id)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onOpen(page.id);
          }
        }}
      >
        <span className="thumb-image">
          {ready && !broken ? (
            <img
              src={api.pageImageUrl(caseId, page.id, { width: imageWidth, v: page.imageVersion })}
              alt=""
              loading="lazy"
              decoding="async"
              draggable={false}
              onError={() => setBroken(true)}
            />
          ) : (
            <span className="thumb-placeholder" aria-hidden="true">
              {page.seq}
            </span>
          )}
        </span>
        <span className="thumb-caption" aria-hidden="true">
          <span className="thumb-bl">{bl}</span>{' '}
          <span className="thumb-where">
            {t('page.whereShort', { volume: page.volume, seq: page.seq })}
          </span>
        </span>{' '}
        {marks.length > 0 && (
          <span className="thumb-marks" aria-hidden="true">
            {marks.map((m, i) => (
              <Fragment key={m.key}>
                {i > 0 && ' '}
                <span className={`mark mark-${m.tone}`}>{m.label}</span>
              </Fragment>
            ))}
          </span>
        )}
      </button>
    </li>
  );
});
