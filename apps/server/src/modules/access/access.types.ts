import type { CaseAction, Confidentiality, Role } from '@sohoa/contracts';

/** Who is acting: resolved once per request from the session. */
export interface Actor {
  userId: string;
  username: string;
  unitId: string;
  roles: readonly Role[];
}

/** How the actor's unit stands to the unit that owns the target. */
export type UnitRelation = 'SAME' | 'ANCESTOR' | 'DESCENDANT' | 'UNRELATED';

/** The facts about a case that access depends on. */
export interface CaseAccessFacts {
  unitId: string;
  confidentiality: Confidentiality;
  assigneeIds: readonly string[];
}

export type { CaseAction };
