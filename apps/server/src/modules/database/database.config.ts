import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

export const databaseConfig = defineConfig({
  databaseUrl: {
    env: 'DATABASE_URL',
    doc: 'postgres://user:pass@host:5432/db to use PostgreSQL. Unset: embedded PGlite under DATA_DIR/db.',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')
      .optional(),
  },
  databasePoolSize: {
    env: 'DATABASE_POOL_SIZE',
    doc: 'Connections per process to PostgreSQL.',
    schema: z.coerce.number().int().min(1).max(200),
    default: 10,
  },
});
