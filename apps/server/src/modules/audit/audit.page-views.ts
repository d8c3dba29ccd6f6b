import type { Actor } from '../access/access.types.ts';
import type { Logger } from '../shared/logger/logger.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { AuditRepository } from './audit.repository.ts';

/** Page ids kept per batch; views beyond it are still counted. */
const MAX_PAGES_PER_BATCH = 1000;

interface Batch {
  actor: Actor;
  caseId: string;
  unitId: string;
  context: RequestContext;
  pageIds: Set<string>;
  views: number;
  firstAt: Date;
  lastAt: Date;
  timer: ReturnType<typeof setTimeout> | null;
}

export type PageViewAudit = ReturnType<typeof createPageViewAudit>;

/**
 * Page image views, batched: a viewer loads dozens of images a minute, so one event per image
 * would drown the trail. Views of one case by one user are gathered for `windowMs` from the first
 * one, then written as one 'case.pages_viewed' event (distinct page ids, view count, first and
 * last time). `flush()` writes every open batch; shutdown calls it. A crash loses at most one
 * window of view batches; the case open itself ('case.read') is recorded at once.
 */
export function createPageViewAudit({
  auditRepository,
  windowMs,
  logger,
  now = () => new Date(),
}: {
  auditRepository: AuditRepository;
  windowMs: number;
  logger?: Logger;
  now?: () => Date;
}) {
  const batches = new Map<string, Batch>();
  const pending = new Set<Promise<void>>();

  const write = (key: string) => {
    const batch = batches.get(key);
    if (!batch) {
      return Promise.resolve();
    }
    batches.delete(key);
    if (batch.timer) {
      clearTimeout(batch.timer);
    }
    const done = auditRepository
      .record({
        event: {
          action: 'case.pages_viewed',
          actor: batch.actor,
          targetKind: 'case',
          targetId: batch.caseId,
          caseId: batch.caseId,
          unitId: batch.unitId,
          context: batch.context,
          details: {
            pageIds: [...batch.pageIds],
            pages: batch.pageIds.size,
            views: batch.views,
            firstAt: batch.firstAt.toISOString(),
            lastAt: batch.lastAt.toISOString(),
          },
        },
        now: now(),
      })
      .then(
        () => undefined,
        (error: unknown) => logger?.error({ err: error, caseId: batch.caseId }, 'page view audit'),
      );
    pending.add(done);
    void done.finally(() => pending.delete(done));
    return done;
  };

  return {
    /** Notes one page image served to `actor` (after the access check passed). */
    noteView({
      actor,
      caseId,
      unitId,
      pageId,
      context,
    }: {
      actor: Actor;
      caseId: string;
      unitId: string;
      pageId: string;
      context: RequestContext;
    }) {
      const key = `${actor.userId}\u0000${caseId}`;
      const at = now();
      let batch = batches.get(key);
      if (!batch) {
        batch = {
          actor,
          caseId,
          unitId,
          context,
          pageIds: new Set(),
          views: 0,
          firstAt: at,
          lastAt: at,
          timer: null,
        };
        batches.set(key, batch);
        const timer = setTimeout(() => void write(key), windowMs);
        // An open batch never keeps the process alive; shutdown flushes it.
        timer.unref();
        batch.timer = timer;
      }
      if (batch.pageIds.size < MAX_PAGES_PER_BATCH) {
        batch.pageIds.add(pageId);
      }
      batch.views += 1;
      batch.lastAt = at;
    },

    /** Writes every open batch now (shutdown, tests). */
    async flush() {
      await Promise.all([...batches.keys()].map((key) => write(key)));
      await Promise.all([...pending]);
    },

    openBatches: () => batches.size,
  };
}
