import type { PresentationCommand } from '@sohoa/contracts';

/** What a drag on the presenter's preview does: a callout (zoom rectangle) or a live highlight. */
export type PreviewTool = 'zoom' | 'pen';

/** Pen colour of live highlights (a highlighter yellow, drawn translucent by the audience). */
export const HIGHLIGHT_COLOR = '#ffd400';

/** A point of the pointer in [0, 1] of the page sheet under it, and which pane (of a pair) it is. */
function pointOn(
  area: HTMLElement,
  event: PointerEvent,
  pane?: number,
): { pane: 0 | 1; point: [number, number] } | null {
  const sheets = [...area.querySelectorAll<HTMLElement>('.audience-pane > div')];
  const boxes = sheets.map((s) => s.getBoundingClientRect()).filter((b) => b.width > 0);
  const inside = boxes.findIndex(
    (b) =>
      event.clientX >= b.left &&
      event.clientX <= b.right &&
      event.clientY >= b.top &&
      event.clientY <= b.bottom,
  );
  const index = pane ?? (inside >= 0 ? inside : 0);
  const box = boxes[index];
  if (!box) {
    return null;
  }
  return {
    pane: index === 1 ? 1 : 0,
    point: [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height],
  };
}

/**
 * Pointer handling of the presenter's preview, shared by the web console and the offline
 * package's player (so a callout and a highlight work the same from file://): a dragged rectangle
 * pushes a zoom; with the pen, a stroke begins and grows as the pointer moves. Returns a detach
 * function.
 */
export function attachPreviewPointer({
  area,
  tool,
  push,
  newId = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
}: {
  area: HTMLElement;
  tool: () => PreviewTool;
  push: (command: PresentationCommand) => void;
  newId?: () => string;
}): () => void {
  let drag: { x: number; y: number; id: string; pane: 0 | 1; tool: PreviewTool } | null = null;
  const down = (event: PointerEvent) => {
    const at = pointOn(area, event);
    if (!at || event.button !== 0) {
      return;
    }
    area.setPointerCapture?.(event.pointerId);
    drag = { x: at.point[0], y: at.point[1], id: newId(), pane: at.pane, tool: tool() };
    if (drag.tool === 'pen') {
      push({
        type: 'stroke.begin',
        id: drag.id,
        color: HIGHLIGHT_COLOR,
        pane: at.pane,
        point: at.point,
      });
    }
  };
  const move = (event: PointerEvent) => {
    const at = drag?.tool === 'pen' ? pointOn(area, event, drag.pane) : null;
    if (drag && at) {
      push({ type: 'stroke.extend', id: drag.id, points: [at.point] });
    }
  };
  const up = (event: PointerEvent) => {
    const start = drag;
    drag = null;
    const at = start ? pointOn(area, event, start.pane) : null;
    if (!start || !at || start.tool !== 'zoom') {
      return;
    }
    const [x, y] = at.point;
    const rect = {
      x: Math.min(start.x, x),
      y: Math.min(start.y, y),
      w: Math.abs(x - start.x),
      h: Math.abs(y - start.y),
    };
    if (rect.w > 0.02 && rect.h > 0.02) {
      push({ type: 'zoom', rect });
    }
  };
  area.addEventListener('pointerdown', down);
  area.addEventListener('pointermove', move);
  area.addEventListener('pointerup', up);
  return () => {
    area.removeEventListener('pointerdown', down);
    area.removeEventListener('pointermove', move);
    area.removeEventListener('pointerup', up);
  };
}
