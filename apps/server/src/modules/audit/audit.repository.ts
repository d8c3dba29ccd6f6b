import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';
import type { AuditEventInput } from './audit.types.ts';

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function createAuditRepository({ db }: { db: Db }) {
  return {
    async record({ event, now = new Date() }: { event: AuditEventInput; now?: Date }) {
      await db
        .insertInto('audit_events')
        .values({
          id: generateId({ prefix: 'aud' }),
          occurred_at: now,
          actor_user_id: event.actor?.userId ?? null,
          actor_username: event.actor?.username ?? event.attemptedUsername ?? null,
          actor_unit_id: event.actor?.unitId ?? null,
          action: event.action,
          outcome: event.outcome ?? 'SUCCESS',
          target_kind: event.targetKind ?? null,
          target_id: event.targetId ?? null,
          case_id: event.caseId ?? null,
          unit_id: event.unitId ?? null,
          ip: event.context?.ip ?? null,
          user_agent: event.context?.userAgent ?? null,
          details: JSON.stringify(event.details ?? {}),
        })
        .execute();
    },

    async list({
      caseId,
      actorUserId,
      action,
      limit = 100,
    }: {
      caseId?: string;
      actorUserId?: string;
      action?: string;
      limit?: number;
    }) {
      let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(limit);
      if (caseId) {
        query = query.where('case_id', '=', caseId);
      }
      if (actorUserId) {
        query = query.where('actor_user_id', '=', actorUserId);
      }
      if (action) {
        query = query.where('action', '=', action);
      }
      return { events: await query.execute() };
    },
  };
}
