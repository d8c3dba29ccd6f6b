import type { Actor } from '../access/access.types.ts';
import type { RequestContext } from '../shared/request-context.ts';

/** Audited actions. Stable strings: reports and the oversight module filter on them. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'setup.completed'
  | 'unit.created'
  | 'user.created'
  | 'user.updated'
  | 'user.disabled'
  | 'user.enabled'
  | 'case.created'
  | 'case.read'
  | 'case.index.exported'
  | 'case.updated'
  | 'case.assigned'
  | 'case.deleted'
  | 'case.exported'
  | 'case.procedure_updated'
  | 'case.pdf.exported'
  | 'case.imported'
  | 'case.access_denied'
  | 'case.queue_changed'
  | 'volume.created'
  | 'source.imported'
  | 'source.rejected'
  | 'page.corrected'
  | 'page.reprocessed'
  | 'structure.edited'
  | 'structure.edit_reverted'
  | 'digitization.transitioned'
  | 'digitization.reopened'
  | 'integrity.explained'
  | 'integrity.explanation_deleted'
  | 'annotation.created'
  | 'annotation.updated'
  | 'annotation.deleted'
  | 'map.created'
  | 'map.updated'
  | 'map.deleted'
  | 'map.exported'
  | 'case.pages_viewed'
  | 'case.search_hit_opened'
  | 'case.source_downloaded'
  | 'audit.viewed'
  | 'audit.exported'
  | 'backup.created'
  | 'backup.restored'
  | 'hearing.recorded'
  | 'hearing.deleted'
  | 'dashboard.target_created'
  | 'dashboard.target_updated'
  | 'dashboard.target_deleted'
  | 'dashboard.report_exported'
  | 'exhibit.created'
  | 'exhibit.updated'
  | 'exhibit.deleted'
  | 'exhibit.reordered'
  | 'presentation.started'
  | 'presentation.join'
  | 'presentation.ended'
  | 'case.court_package.exported';

export interface AuditEventInput {
  action: AuditAction;
  actor?: Actor | null;
  /** For failed logins, where there is no actor yet. */
  attemptedUsername?: string;
  outcome?: 'SUCCESS' | 'DENIED' | 'FAILURE';
  targetKind?:
    | 'unit'
    | 'user'
    | 'case'
    | 'volume'
    | 'session'
    | 'source'
    | 'page'
    | 'document'
    | 'annotation'
    | 'map'
    | 'backup'
    | 'hearing'
    | 'dashboard_target'
    | 'exhibit'
    | 'presentation';
  targetId?: string;
  caseId?: string;
  unitId?: string;
  context?: RequestContext;
  details?: Record<string, unknown>;
}
