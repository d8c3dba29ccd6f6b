import { describe, expect, it } from 'vitest';
import {
  applyPresentationCommand,
  initialPresentationState,
  isNewerPresentationState,
  normalizeJoinCode,
  parseButLucQuery,
  PRESENTATION_LIMITS,
  type PresentationState,
} from './presentation.ts';

const page = { kind: 'page', pageId: 'pg_1', label: 'BL 1' } as const;
const show = (s: PresentationState) => applyPresentationCommand(s, { type: 'show', view: page });

describe('presentation reducer', () => {
  it('starts on a neutral screen and counts every applied command', () => {
    const s0 = initialPresentationState();
    expect(s0.view).toEqual({ kind: 'blank', tone: 'neutral' });
    const s1 = show(s0);
    expect(s1.seq).toBe(1);
    expect(s1.view).toEqual(page);
    expect(s0.seq).toBe(0);
  });

  it('drops the callout and the strokes when something else is shown', () => {
    let s = show(initialPresentationState());
    s = applyPresentationCommand(s, { type: 'zoom', rect: { x: 0.1, y: 0.1, w: 0.3, h: 0.2 } });
    s = applyPresentationCommand(s, {
      type: 'stroke.begin',
      id: 'a',
      color: '#ff0000',
      point: [0.1, 0.1],
    });
    expect(s.zoom).not.toBeNull();
    expect(s.strokes).toHaveLength(1);
    s = applyPresentationCommand(s, { type: 'blank', tone: 'black' });
    expect(s).toMatchObject({ view: { kind: 'blank', tone: 'black' }, zoom: null, strokes: [] });
  });

  it('ignores a callout or a stroke on a blank screen', () => {
    const s0 = initialPresentationState();
    const s1 = applyPresentationCommand(s0, { type: 'zoom', rect: { x: 0, y: 0, w: 0.5, h: 0.5 } });
    expect(s1).toBe(s0);
  });

  it('clamps a callout to the page and drops an empty one', () => {
    let s = show(initialPresentationState());
    s = applyPresentationCommand(s, { type: 'zoom', rect: { x: 0.8, y: -1, w: 0.5, h: 0.5 } });
    expect(s.zoom).toEqual({ x: 0.8, y: 0, w: expect.closeTo(0.2, 6), h: 0.5 });
    s = applyPresentationCommand(s, { type: 'zoom', rect: { x: 0.5, y: 0.5, w: 0, h: 0.2 } });
    expect(s.zoom).toBeNull();
  });

  it('extends a live stroke up to the point limit', () => {
    let s = show(initialPresentationState());
    s = applyPresentationCommand(s, {
      type: 'stroke.begin',
      id: 'a',
      color: '#ff0',
      point: [0, 0],
    });
    const many = Array.from({ length: 3000 }, (_, i) => [i / 3000, 0.5] as [number, number]);
    s = applyPresentationCommand(s, { type: 'stroke.extend', id: 'a', points: many });
    expect(s.strokes[0]!.points).toHaveLength(PRESENTATION_LIMITS.pointsPerStroke);
    const unknown = applyPresentationCommand(s, {
      type: 'stroke.extend',
      id: 'b',
      points: [[0, 0]],
    });
    expect(unknown).toBe(s);
    expect(applyPresentationCommand(s, { type: 'strokes.clear' }).strokes).toEqual([]);
  });

  it('lets a screen keep the newer of two states', () => {
    const s1 = show(initialPresentationState());
    const s2 = show(s1);
    expect(isNewerPresentationState(null, s1)).toBe(true);
    expect(isNewerPresentationState(s2, s1)).toBe(false);
    expect(isNewerPresentationState(s1, s2)).toBe(true);
  });
});

describe('join codes and bút lục queries', () => {
  it('normalises typed codes and refuses look-alike letters', () => {
    expect(normalizeJoinCode(' k7m-wq3 ')).toBe('K7MWQ3');
    expect(normalizeJoinCode('K7MWQ0')).toBeNull();
    expect(normalizeJoinCode('K7MW')).toBeNull();
  });

  it('reads "BL 125", "bút lục 125" and a bare number as bút lục 125', () => {
    expect(parseButLucQuery('BL 125')).toBe(125);
    expect(parseButLucQuery('bl125')).toBe(125);
    expect(parseButLucQuery('Bút lục 125')).toBe(125);
    expect(parseButLucQuery('125')).toBe(125);
    expect(parseButLucQuery('lời khai')).toBeNull();
  });
});
