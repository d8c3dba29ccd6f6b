/**
 * Undo/redo of the map editor: a pure reducer over snapshots. Snapshots share unchanged nodes
 * (the model never mutates), so a long history of a 300-node map stays small.
 */
import type { MapNode } from '@sohoa/contracts';

export const HISTORY_LIMIT = 200;

export interface MapHistory {
  past: MapNode[][];
  present: MapNode[];
  future: MapNode[][];
}

export type HistoryAction =
  | { type: 'apply'; nodes: MapNode[] }
  | { type: 'undo' }
  | { type: 'redo' }
  /** A map loaded or reloaded from the server: no history across maps. */
  | { type: 'reset'; nodes: MapNode[] };

export function initialHistory(nodes: MapNode[]): MapHistory {
  return { past: [], present: nodes, future: [] };
}

export function historyReducer(state: MapHistory, action: HistoryAction): MapHistory {
  switch (action.type) {
    case 'apply':
      if (action.nodes === state.present) {
        return state;
      }
      return {
        past: [...state.past, state.present].slice(-HISTORY_LIMIT),
        present: action.nodes,
        future: [],
      };
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) {
        return state;
      }
      return {
        past: state.past.slice(0, -1),
        present: previous,
        future: [state.present, ...state.future],
      };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) {
        return state;
      }
      return { past: [...state.past, state.present], present: next, future: rest };
    }
    case 'reset':
      return initialHistory(action.nodes);
  }
}
