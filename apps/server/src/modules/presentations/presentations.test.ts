import { JOIN_CODE_ALPHABET } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { generateJoinCode, isExpired } from './presentations.codes.ts';
import { createPresentationsRegistry } from './presentations.registry.ts';

describe('join codes', () => {
  it('are 6 symbols of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect([...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch))).toBe(true);
    }
  });

  it('skip bytes that would bias the alphabet', () => {
    const bytes = [255, 250, 248, 0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(generateJoinCode({ random: () => new Uint8Array(bytes) })).toBe('ABCDEF');
  });

  it('expire at their expiry time', () => {
    const expiresAt = new Date('2026-01-01T12:00:00Z');
    expect(isExpired({ expiresAt, now: new Date('2026-01-01T11:59:59Z') })).toBe(false);
    expect(isExpired({ expiresAt, now: expiresAt })).toBe(true);
  });
});

describe('presentations registry', () => {
  it('sends the current state to a new listener, then every change', () => {
    const registry = createPresentationsRegistry();
    const { session } = registry.open({ caseId: 'case_1', unitId: 'unit_1', presenterId: 'usr_1' });
    registry.apply({ id: session.id, command: { type: 'blank', tone: 'black' } });
    const seen: unknown[] = [];
    registry.subscribe({ id: session.id, listener: (m) => seen.push(m) });
    registry.apply({
      id: session.id,
      command: { type: 'show', view: { kind: 'page', pageId: 'pg_1', label: 'BL 1' } },
    });
    expect(seen).toMatchObject([
      { type: 'state', state: { seq: 1, view: { kind: 'blank', tone: 'black' } } },
      { type: 'state', state: { seq: 2, view: { kind: 'page' } } },
    ]);
  });

  it('forgets an expired session and tells its listeners it ended', () => {
    let now = new Date('2026-01-01T08:00:00Z');
    const registry = createPresentationsRegistry({ ttlMs: 60_000, now: () => now });
    const { session } = registry.open({ caseId: 'case_1', unitId: 'unit_1', presenterId: 'usr_1' });
    const seen: string[] = [];
    registry.subscribe({ id: session.id, listener: (m) => seen.push(m.type) });
    expect(registry.getByCode({ code: session.code }).session?.id).toBe(session.id);
    now = new Date('2026-01-01T08:01:00Z');
    expect(registry.getByCode({ code: session.code }).session).toBeNull();
    expect(seen).toEqual(['state', 'ended']);
  });

  it('never hands out a code that is in use', () => {
    const codes = ['AAAAAA', 'AAAAAA', 'BBBBBB'];
    const registry = createPresentationsRegistry({ newCode: () => codes.shift()! });
    const a = registry.open({ caseId: 'c', unitId: 'u', presenterId: 'p' }).session;
    const b = registry.open({ caseId: 'c', unitId: 'u', presenterId: 'p' }).session;
    expect([a.code, b.code]).toEqual(['AAAAAA', 'BBBBBB']);
  });
});
