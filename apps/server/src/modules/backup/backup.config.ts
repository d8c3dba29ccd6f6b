import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

export const backupConfig = defineConfig({
  targets: {
    env: 'BACKUP_TARGETS',
    doc: 'Backup folders, separated by commas (or the path delimiter): `sohoa backup` writes each one. Keep two on different disks or machines (two independent copies).',
    schema: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(/[,;]/)
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      ),
  },
  maxAgeHours: {
    env: 'BACKUP_MAX_AGE_HOURS',
    doc: '`sohoa backup status` reports a target as stale when its newest complete backup is older than this.',
    schema: z.coerce
      .number()
      .min(1)
      .max(24 * 365),
    default: 26,
  },
});
