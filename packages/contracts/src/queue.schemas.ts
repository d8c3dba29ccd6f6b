import { z } from 'zod';

/** A case's place in the processing queue (issue 9): its priority and its jobs by state. */
export const caseQueueSchema = z.object({
  /** Higher first; a hearing tomorrow jumps the queue. 0 is normal. */
  priority: z.number().int(),
  counts: z.array(
    z.object({ name: z.string(), status: z.string(), n: z.number().int().nonnegative() }),
  ),
});
export type CaseQueue = z.infer<typeof caseQueueSchema>;

export const setQueuePriorityBodySchema = z.strictObject({
  priority: z.number().int().min(-100).max(100),
});
export type SetQueuePriorityBody = z.infer<typeof setQueuePriorityBodySchema>;

/** `cancelled`: queued jobs removed at once; `stopping`: running jobs that stop at their next checkpoint. */
export const cancelQueueResultSchema = z.object({
  cancelled: z.number().int().nonnegative(),
  stopping: z.number().int().nonnegative(),
});
export type CancelQueueResult = z.infer<typeof cancelQueueResultSchema>;
