import type { z } from 'zod';
import { appConfig } from '../app/app.config.ts';
import { auditConfig } from '../audit/audit.config.ts';
import { authConfig } from '../auth/auth.config.ts';
import { backupConfig } from '../backup/backup.config.ts';
import { blobsConfig } from '../blobs/blobs.config.ts';
import { databaseConfig } from '../database/database.config.ts';
import { opsConfig } from '../ops/ops.config.ts';
import { pipelineConfig } from '../pipeline/pipeline.config.ts';
import { createError } from '../shared/errors/errors.ts';
import type { ConfigKey } from './config.types.ts';

/** Every module's configuration slice. Nothing below the composition root reads process.env. */
export const configDefinition = {
  app: appConfig,
  database: databaseConfig,
  blobs: blobsConfig,
  auth: authConfig,
  pipeline: pipelineConfig,
  ops: opsConfig,
  audit: auditConfig,
  backup: backupConfig,
} as const;

type Def = typeof configDefinition;
type Slice<S extends Record<string, ConfigKey>> = { [K in keyof S]: z.output<S[K]['schema']> };
export type Config = { [M in keyof Def]: Slice<Def[M]> };

/**
 * Reads and validates the whole configuration once. A bad value stops start-up with a message
 * that names the variable, in Vietnamese and English.
 */
export function parseConfig({ env }: { env: Record<string, string | undefined> }): Config {
  const problems: string[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [moduleName, keys] of Object.entries(configDefinition)) {
    const slice: Record<string, unknown> = {};
    for (const [keyName, key] of Object.entries(keys as Record<string, ConfigKey>)) {
      const raw = env[key.env];
      const fallback = key.default;
      const value: unknown =
        raw !== undefined && raw !== ''
          ? raw
          : typeof fallback === 'function'
            ? (fallback as (e: typeof env) => unknown)(env)
            : fallback;
      const parsed = key.schema.safeParse(value);
      if (parsed.success) {
        slice[keyName] = parsed.data;
      } else {
        const reason = parsed.error.issues.map((i) => i.message).join('; ');
        problems.push(
          `${key.env}=${JSON.stringify(raw ?? null)}: giá trị không hợp lệ / invalid value (${reason}). ${key.doc}`,
        );
      }
    }
    out[moduleName] = slice;
  }
  if (problems.length > 0) {
    throw createError({
      code: 'config.invalid',
      message: `Cấu hình không hợp lệ / Invalid configuration:\n  ${problems.join('\n  ')}`,
    });
  }
  return out as Config;
}

/** The configuration reference, generated from the `doc` strings. */
export function describeConfig(): Array<{ env: string; doc: string; default: string }> {
  return Object.values(configDefinition).flatMap((keys) =>
    Object.values(keys as Record<string, ConfigKey>).map((key) => ({
      env: key.env,
      doc: key.doc,
      default: describeDefault(key.default),
    })),
  );
}

function describeDefault(value: unknown): string {
  if (typeof value === 'function') {
    return '(computed)';
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
