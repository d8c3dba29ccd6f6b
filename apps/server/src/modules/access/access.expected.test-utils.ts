import type { CaseAction, Role } from '@sohoa/contracts';

/*
 * Expected rights, written out by hand (not derived from the policy): one letter per action in the
 * order List, Read, Edit, eXport, Delete, Assign, Import; '-' means refused.
 * Key: `${relation}/${assigned ? 'assigned' : 'not'}` for a NORMAL case.
 */
export const ACTIONS: CaseAction[] = [
  'list',
  'read',
  'edit',
  'export',
  'delete',
  'assign',
  'import',
];
export const NONE = '-------';
const ASSIGNED_WORKER = 'LREX--I';
const others = (assigned: string) => ({
  'ANCESTOR/not': NONE,
  'ANCESTOR/assigned': assigned,
  'DESCENDANT/not': NONE,
  'DESCENDANT/assigned': assigned,
  'UNRELATED/not': NONE,
  'UNRELATED/assigned': assigned,
});

export const EXPECTED: Record<Role, Record<string, string>> = {
  ADMIN: { 'SAME/not': NONE, 'SAME/assigned': ASSIGNED_WORKER, ...others(ASSIGNED_WORKER) },
  IT_SUPPORT: { 'SAME/not': NONE, 'SAME/assigned': ASSIGNED_WORKER, ...others(ASSIGNED_WORKER) },
  LEADER: {
    ...others(ASSIGNED_WORKER),
    'SAME/not': 'LREXDAI',
    'SAME/assigned': 'LREXDAI',
    'ANCESTOR/not': 'LR-X---',
  },
  PROSECUTOR: { ...others('LREX-AI'), 'SAME/not': 'LR-----', 'SAME/assigned': 'LREX-AI' },
  EXAMINER: { ...others(ASSIGNED_WORKER), 'SAME/not': 'LR-----', 'SAME/assigned': ASSIGNED_WORKER },
  CLERK: { ...others(ASSIGNED_WORKER), 'SAME/not': 'LR----I', 'SAME/assigned': ASSIGNED_WORKER },
  STEERING: {
    ...others('LR-----'),
    'SAME/not': 'LR-----',
    'SAME/assigned': 'LR-----',
    'ANCESTOR/not': 'LR-----',
  },
};
