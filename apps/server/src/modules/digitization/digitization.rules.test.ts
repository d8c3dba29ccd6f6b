import { DIGITIZATION_CHECKLIST_ITEMS, DIGITIZATION_STATUSES } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor, CaseAccessFacts, UnitRelation } from '../access/access.types.ts';
import {
  evaluateChecklist,
  performersOf,
  PROCEDURE_STEPS,
  stepBetween,
  type ChecklistFacts,
} from './digitization.rules.ts';

const actor = (roles: Actor['roles'], userId = 'u1'): Actor => ({
  userId,
  username: userId,
  unitId: 'unit',
  roles,
});
const facts = (over: Partial<CaseAccessFacts> = {}): CaseAccessFacts => ({
  unitId: 'unit',
  confidentiality: 'NORMAL',
  assigneeIds: [],
  ...over,
});
const performers = (a: Actor, relation: UnitRelation, f = facts()) =>
  [...performersOf({ actor: a, relation, facts: f })].sort();

describe('who takes which step of the digitization procedure', () => {
  it.each([
    ['a clerk of the unit', actor(['CLERK']), 'SAME', facts(), ['clerk']],
    ['a clerk of another unit', actor(['CLERK']), 'UNRELATED', facts(), []],
    [
      'a clerk of the unit on a confidential case not assigned',
      actor(['CLERK']),
      'SAME',
      facts({ confidentiality: 'CONFIDENTIAL' }),
      [],
    ],
    [
      'a clerk assigned to a confidential case',
      actor(['CLERK']),
      'SAME',
      facts({ confidentiality: 'CONFIDENTIAL', assigneeIds: ['u1'] }),
      ['clerk'],
    ],
    ['an unassigned prosecutor', actor(['PROSECUTOR']), 'SAME', facts(), []],
    [
      'an assigned prosecutor',
      actor(['PROSECUTOR']),
      'SAME',
      facts({ assigneeIds: ['u1'] }),
      ['reviewer'],
    ],
    [
      'an assigned examiner',
      actor(['EXAMINER']),
      'SAME',
      facts({ assigneeIds: ['u1'] }),
      ['reviewer'],
    ],
    ['the unit leader', actor(['LEADER']), 'SAME', facts(), ['clerk', 'leader']],
    ['a leader of the parent unit', actor(['LEADER']), 'ANCESTOR', facts(), []],
    [
      'the steering committee, even assigned',
      actor(['STEERING']),
      'SAME',
      facts({ assigneeIds: ['u1'] }),
      [],
    ],
  ] as const)('%s', (_name, who, relation, f, expected) => {
    expect(performers(who, relation, f)).toEqual(expected);
  });
});

describe('the procedure table', () => {
  it('leads from received to approved forward, each state reachable', () => {
    const forward = [
      'RECEIVED',
      'SCANNING',
      'PROCESSING',
      'AWAITING_REVIEW',
      'REVIEWED',
      'APPROVED',
    ];
    expect(forward).toEqual([...DIGITIZATION_STATUSES]);
    for (let i = 1; i < forward.length; i++) {
      expect(stepBetween(forward[i - 1] as never, forward[i] as never)).not.toBeNull();
    }
  });

  it('approval needs the whole checklist and the leader; going back always needs a reason', () => {
    const approve = stepBetween('REVIEWED', 'APPROVED')!;
    expect([...approve.requires].sort()).toEqual([...DIGITIZATION_CHECKLIST_ITEMS].sort());
    expect(approve.by).toEqual(['leader']);
    const order = [...DIGITIZATION_STATUSES];
    for (const step of PROCEDURE_STEPS) {
      const backward = order.indexOf(step.to) < order.indexOf(step.from);
      expect(step.reasonRequired).toBe(backward);
    }
    expect(stepBetween('RECEIVED', 'APPROVED')).toBeNull();
  });
});

describe('the approval checklist', () => {
  const base: ChecklistFacts = {
    volumes: 2,
    volumesWithoutPages: 0,
    pages: 10,
    pendingPages: 0,
    failedPages: 0,
    anomalies: 1,
    unexplainedAnomalies: 0,
    documents: 3,
    lastChangeAt: new Date('2026-11-01T10:00:00Z'),
    reviewedAt: new Date('2026-11-02T10:00:00Z'),
    indexExportedAt: new Date('2026-11-03T10:00:00Z'),
    pdfExportedAt: new Date('2026-11-03T10:00:00Z'),
  };
  const ok = (f: ChecklistFacts) =>
    Object.fromEntries(evaluateChecklist(f).map((c) => [c.item, c.ok]));

  it('holds when everything is done after the last change', () => {
    expect(Object.values(ok(base)).every(Boolean)).toBe(true);
  });

  it('fails item by item', () => {
    expect(ok({ ...base, volumesWithoutPages: 1 }).volumes_imported).toBe(false);
    expect(ok({ ...base, volumes: 0 }).volumes_imported).toBe(false);
    expect(ok({ ...base, pendingPages: 1 }).pages_processed).toBe(false);
    expect(ok({ ...base, unexplainedAnomalies: 1 }).integrity_resolved).toBe(false);
    expect(ok({ ...base, reviewedAt: null }).structure_reviewed).toBe(false);
    expect(ok({ ...base, documents: 0 }).index_produced).toBe(false);
    const changedLater = { ...base, lastChangeAt: new Date('2026-11-04T00:00:00Z') };
    expect(ok(changedLater)).toMatchObject({
      structure_reviewed: false,
      index_produced: false,
      pdf_exported: false,
      volumes_imported: true,
    });
  });
});
