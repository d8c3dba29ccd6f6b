import { layoutMap, type MapLink, type MapNode } from '@sohoa/contracts';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { OVERSCAN_PX, visibleBoxes, type View } from '../lib/map-view.ts';
import { MapEdges } from './MapEdges.tsx';
import { NodeTextEditor } from './MapNodeTextEditor.tsx';

/*
 * The map canvas: node boxes are DOM elements placed in "map units" inside one world element that
 * is moved by a CSS transform. Panning writes that transform directly (no React render per pointer
 * move); only the boxes near the viewport are rendered, so a 300-node map pans at frame rate.
 */

const ICONS: Record<string, string> = {
  person: '☻',
  document: '▤',
  evidence: '◆',
  calendar: '◷',
  warning: '⚠',
  question: '?',
  star: '★',
  law: '⚖',
};
export function MapCanvas({
  nodes,
  selectedId,
  editing,
  onSelect,
  onKeyDown,
  onStartEdit,
  onCommitEdit,
  onMove,
  onToggle,
  onOpenLink,
}: {
  nodes: MapNode[];
  selectedId: string | null;
  editing: { id: string; initial: string | null } | null;
  onSelect: (id: string) => void;
  onKeyDown: (e: React.KeyboardEvent) => void;
  onStartEdit: (id: string) => void;
  onCommitEdit: (id: string, text: string | null) => void;
  onMove: (id: string, position: { x: number; y: number }) => void;
  onToggle: (id: string) => void;
  onOpenLink: (link: MapLink) => void;
}) {
  const { t } = useI18n();
  const frame = useRef<HTMLDivElement>(null);
  const world = useRef<HTMLDivElement>(null);
  const layout = useMemo(() => layoutMap(nodes), [nodes]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [view, setView] = useState<View | null>(null);
  const live = useRef<View>({ x: 0, y: 0, scale: 1 });

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) {
      return;
    }
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const fit = () => {
    const { minX, minY, maxX, maxY } = layout.bounds;
    const scale = Math.max(
      0.2,
      Math.min(
        1,
        (size.w - 40) / Math.max(1, maxX - minX),
        (size.h - 40) / Math.max(1, maxY - minY),
      ),
    );
    setView({ x: 20 - minX * scale, y: size.h / 2 - ((minY + maxY) / 2) * scale, scale });
  };
  // First view: the root at the left, vertically centred.
  useEffect(() => {
    if (!view && layout.boxes.size > 0 && size.h > 0) {
      const root = layout.boxes.get(nodes[0]?.id ?? '');
      setView({
        x: 24 - (root?.x ?? 0),
        y: size.h / 2 - (root ? root.y + root.h / 2 : 0),
        scale: 1,
      });
    }
  }, [view, layout, nodes, size.h]);

  const current = view ?? { x: 0, y: 0, scale: 1 };
  live.current = current;
  const applyTransform = (v: View) => {
    if (world.current) {
      world.current.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
    }
  };

  // Keep the selected node on screen when the keyboard moves the selection.
  useEffect(() => {
    const box = selectedId ? layout.boxes.get(selectedId) : undefined;
    if (!box || !view) {
      return;
    }
    const sx = box.x * view.scale + view.x;
    const sy = box.y * view.scale + view.y;
    const dx =
      sx < 10
        ? 40 - sx
        : sx + box.w * view.scale > size.w - 10
          ? size.w - 40 - sx - box.w * view.scale
          : 0;
    const dy =
      sy < 10
        ? 40 - sy
        : sy + box.h * view.scale > size.h - 10
          ? size.h - 40 - sy - box.h * view.scale
          : 0;
    if (dx !== 0 || dy !== 0) {
      setView({ ...view, x: view.x + dx, y: view.y + dy });
    }
    // Only on selection changes, not on every pan.
  }, [selectedId]);

  const drag = useRef<{
    kind: 'pan' | 'node';
    id?: string;
    startX: number;
    startY: number;
    origin: View;
    moved: boolean;
    committed: View;
  } | null>(null);

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0 || (e.target as HTMLElement).closest('textarea, button')) {
      return;
    }
    const nodeEl = (e.target as HTMLElement).closest<HTMLElement>('[data-node-id]');
    const id = nodeEl?.dataset.nodeId;
    if (id) {
      onSelect(id);
    }
    frame.current?.focus({ preventScroll: true });
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = {
      kind: id ? 'node' : 'pan',
      ...(id ? { id } : {}),
      startX: e.clientX,
      startY: e.clientY,
      origin: live.current,
      moved: false,
      committed: live.current,
    };
  };

  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) {
      return;
    }
    const dx = e.clientX - d.startX;
    const dy = e.clientY - d.startY;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) {
      return;
    }
    d.moved = true;
    if (d.kind === 'pan') {
      const v = { ...d.origin, x: d.origin.x + dx, y: d.origin.y + dy };
      live.current = v;
      applyTransform(v);
      // Re-render (to bring in boxes near the new viewport) only every few hundred pixels.
      if (Math.abs(v.x - d.committed.x) + Math.abs(v.y - d.committed.y) > OVERSCAN_PX / 2) {
        d.committed = v;
        setView(v);
      }
    } else {
      const el = world.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(d.id!)}"]`);
      if (el) {
        el.style.translate = `${dx / d.origin.scale}px ${dy / d.origin.scale}px`;
      }
    }
  };

  const onPointerUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (!d?.moved) {
      return;
    }
    if (d.kind === 'pan') {
      setView(live.current);
      return;
    }
    const box = layout.boxes.get(d.id!);
    const el = world.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(d.id!)}"]`);
    if (el) {
      el.style.translate = '';
    }
    if (box) {
      const scale = d.origin.scale;
      onMove(d.id!, {
        x: Math.round(box.x + (e.clientX - d.startX) / scale),
        y: Math.round(box.y + (e.clientY - d.startY) / scale),
      });
    }
  };

  const zoom = (factor: number, cx = size.w / 2, cy = size.h / 2) => {
    const v = live.current;
    const scale = Math.min(2.5, Math.max(0.15, v.scale * factor));
    setView({
      scale,
      x: cx - ((cx - v.x) * scale) / v.scale,
      y: cy - ((cy - v.y) * scale) / v.scale,
    });
  };

  const shown = visibleBoxes(layout.boxes, current, size);
  const shownIds = new Set(shown.map((b) => b.id));
  return (
    <div className="map-canvas-wrap">
      <div className="map-zoom">
        <button type="button" onClick={() => zoom(1.2)} aria-label={t('maps.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => zoom(1 / 1.2)} aria-label={t('maps.zoomOut')}>
          −
        </button>
        <button type="button" onClick={fit}>
          {t('maps.fit')}
        </button>
      </div>
      <div
        ref={frame}
        className="map-canvas"
        tabIndex={0}
        role="application"
        aria-label={t('maps.canvas')}
        aria-activedescendant={selectedId ? `map-node-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onWheel={(e) => {
          const rect = frame.current!.getBoundingClientRect();
          zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - rect.left, e.clientY - rect.top);
        }}
      >
        <div
          ref={world}
          className="map-world"
          style={{ transform: `translate(${current.x}px, ${current.y}px) scale(${current.scale})` }}
        >
          <MapEdges layout={layout} shownIds={shownIds} />
          {shown.map((box) => {
            const node = byId.get(box.id)!;
            const isEditing = editing?.id === box.id;
            return (
              <div
                key={box.id}
                id={`map-node-${box.id}`}
                data-node-id={box.id}
                role="treeitem"
                aria-selected={box.id === selectedId}
                aria-expanded={box.hiddenChildren > 0 ? false : undefined}
                className={`map-node map-color-${node.color}${box.depth === 0 ? ' map-root' : ''}${box.id === selectedId ? ' selected' : ''}${node.link ? ' linked' : ''}`}
                style={{ left: box.x, top: box.y, width: box.w, minHeight: box.h }}
                onDoubleClick={() => onStartEdit(box.id)}
              >
                {isEditing ? (
                  <NodeTextEditor
                    initial={editing.initial ?? node.text}
                    label={t('maps.editNode')}
                    onDone={(text) => {
                      onCommitEdit(box.id, text);
                      frame.current?.focus({ preventScroll: true });
                    }}
                  />
                ) : (
                  <span className="map-node-text">
                    {node.icon !== 'none' && <span aria-hidden="true">{ICONS[node.icon]} </span>}
                    {node.text}
                  </span>
                )}
                {node.link && !isEditing && (
                  <button
                    type="button"
                    className="map-node-link"
                    title={t('maps.openLink')}
                    aria-label={t('maps.openLink')}
                    onClick={() => onOpenLink(node.link!)}
                  >
                    ↗
                  </button>
                )}
                {box.hiddenChildren > 0 && (
                  <button type="button" className="map-node-more" onClick={() => onToggle(box.id)}>
                    +{box.hiddenChildren}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
