import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

export const auditConfig = defineConfig({
  pageViewWindowMinutes: {
    env: 'AUDIT_PAGE_VIEW_WINDOW_MINUTES',
    doc: 'Page image views of one case by one user are written as one audit event per this many minutes (case.pages_viewed).',
    schema: z.coerce.number().min(0.01).max(120),
    default: 5,
  },
});
