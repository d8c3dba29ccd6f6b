/*
 * Presentation mode (issue 7 §5): what the audience screen shows, and how a presenter command
 * changes it. One pure reducer used by three parties: the server (which keeps the current state of
 * each session and sends it to every (re)connecting audience socket), the web presenter console and
 * audience screen (BroadcastChannel between two windows of one machine), and the offline court
 * package's player (bundled as a classic script). Keeping it here, free of zod and of any I/O, is
 * what lets the same rules run on a server and from file:// with no network.
 *
 * Coordinates are normalised to [0, 1] of the upright page image, like annotations.
 */

/** A rectangle in [0, 1] page coordinates (origin top-left). */
export interface PresentationRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What fills the audience screen. */
export type PresentationView =
  | { kind: 'blank'; tone: 'black' | 'neutral' }
  | { kind: 'page'; pageId: string; label: string }
  | { kind: 'region'; pageId: string; rect: PresentationRect; label: string }
  | { kind: 'pair'; pageIds: [string, string]; label: string }
  | { kind: 'media'; mediaId: string; mediaType: 'image' | 'video'; label: string }
  /** A branch of a mind map (the `maps` module); both ids are opaque here. */
  | { kind: 'map'; mapId: string; branchId: string; label: string };

/** A live highlight stroke drawn by the presenter; points in [0, 1] of the shown page. */
export interface PresentationStroke {
  id: string;
  color: string;
  /** Which page of a pair the stroke is on (0 for a single page). */
  pane: 0 | 1;
  points: Array<[number, number]>;
}

export interface PresentationState {
  /** Increases by one with every applied command; screens ignore states older than theirs. */
  seq: number;
  view: PresentationView;
  /** The exhibit list item being shown, when the view came from the list. */
  itemId: string | null;
  /** A callout: the audience zooms onto this part of the shown page. */
  zoom: PresentationRect | null;
  strokes: PresentationStroke[];
}

export type PresentationCommand =
  | { type: 'show'; view: PresentationView; itemId?: string | null }
  | { type: 'blank'; tone: 'black' | 'neutral' }
  | { type: 'zoom'; rect: PresentationRect | null }
  | { type: 'stroke.begin'; id: string; color: string; pane?: 0 | 1; point: [number, number] }
  | { type: 'stroke.extend'; id: string; points: Array<[number, number]> }
  | { type: 'strokes.clear' };

/** Messages a presentation socket or channel carries to screens. */
export type PresentationMessage =
  { type: 'state'; state: PresentationState; sentAt?: number } | { type: 'ended' };

/** Strokes and points kept per state, so a runaway pen cannot grow the state without bound. */
export const PRESENTATION_LIMITS = { strokes: 50, pointsPerStroke: 2000 } as const;

/** The state of a fresh session: a neutral screen, nothing drawn. */
export function initialPresentationState(): PresentationState {
  return {
    seq: 0,
    view: { kind: 'blank', tone: 'neutral' },
    itemId: null,
    zoom: null,
    strokes: [],
  };
}

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
const clampPoint = ([x, y]: [number, number]): [number, number] => [clamp01(x), clamp01(y)];

function clampRect(rect: PresentationRect): PresentationRect | null {
  const x = clamp01(rect.x);
  const y = clamp01(rect.y);
  const w = Math.min(clamp01(rect.w), 1 - x);
  const h = Math.min(clamp01(rect.h), 1 - y);
  return w > 0.001 && h > 0.001 ? { x, y, w, h } : null;
}

/**
 * Applies one presenter command. Showing something else (or a blank screen) drops the callout and
 * the strokes: they belong to what was shown. Returns a new state; the input is not changed.
 *
 * @example
 * let s = initialPresentationState();
 * s = applyPresentationCommand(s, { type: 'show', view: { kind: 'page', pageId: 'pg_1', label: 'BL 1' } });
 * s = applyPresentationCommand(s, { type: 'zoom', rect: { x: 0.1, y: 0.1, w: 0.5, h: 0.2 } });
 */
export function applyPresentationCommand(
  state: PresentationState,
  command: PresentationCommand,
): PresentationState {
  const seq = state.seq + 1;
  switch (command.type) {
    case 'show':
      return { seq, view: command.view, itemId: command.itemId ?? null, zoom: null, strokes: [] };
    case 'blank':
      return {
        seq,
        view: { kind: 'blank', tone: command.tone },
        itemId: null,
        zoom: null,
        strokes: [],
      };
    case 'zoom':
      if (!hasPage(state.view)) {
        return state;
      }
      return { ...state, seq, zoom: command.rect ? clampRect(command.rect) : null };
    case 'stroke.begin': {
      if (!hasPage(state.view)) {
        return state;
      }
      const stroke: PresentationStroke = {
        id: command.id,
        color: command.color,
        pane: command.pane ?? 0,
        points: [clampPoint(command.point)],
      };
      const others = state.strokes.filter((s) => s.id !== command.id);
      return {
        ...state,
        seq,
        strokes: [...others, stroke].slice(-PRESENTATION_LIMITS.strokes),
      };
    }
    case 'stroke.extend': {
      const target = state.strokes.find((s) => s.id === command.id);
      if (!target) {
        return state;
      }
      const points = [...target.points, ...command.points.map(clampPoint)].slice(
        0,
        PRESENTATION_LIMITS.pointsPerStroke,
      );
      return {
        ...state,
        seq,
        strokes: state.strokes.map((s) => (s.id === command.id ? { ...s, points } : s)),
      };
    }
    case 'strokes.clear':
      return { ...state, seq, strokes: [] };
  }
}

/** Whether a view shows page images a callout or a stroke can refer to. */
export function hasPage(view: PresentationView): boolean {
  return view.kind === 'page' || view.kind === 'region' || view.kind === 'pair';
}

/** Whether `incoming` should replace `current` on a screen (newer, or a fresh session). */
export function isNewerPresentationState(
  current: PresentationState | null,
  incoming: PresentationState,
): boolean {
  return current === null || incoming.seq > current.seq || incoming.seq === 0;
}

/** Letters and digits that cannot be confused when read aloud or off a projector (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

/** Normalises what a person typed ("ab c-12 3") to a join code, or null when it cannot be one. */
export function normalizeJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== JOIN_CODE_LENGTH) {
    return null;
  }
  return [...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch)) ? code : null;
}

/**
 * Reads "BL 125", "bl125", "bút lục 125" or a bare "125" as a bút lục number; null otherwise.
 * The presenter console uses it to push any page on the fly.
 */
export function parseButLucQuery(input: string): number | null {
  const m = /^\s*(?:(?:bl|b\.l\.|bút\s*lục|but\s*luc)\s*[.:#]?\s*)?(\d{1,6})\s*$/iu.exec(input);
  return m ? Number(m[1]) : null;
}
