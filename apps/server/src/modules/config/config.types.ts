import type { z } from 'zod';

/** One configuration key: declared by the module that uses it (convention 13). */
export interface ConfigKey<S extends z.ZodType = z.ZodType> {
  doc: string;
  env: string;
  schema: S;
  /** Used when the variable is unset; may depend on keys already parsed (e.g. dirs under DATA_DIR). */
  default?: z.input<S> | ((env: Record<string, string | undefined>) => z.input<S> | undefined);
}

export function defineConfig<T extends Record<string, ConfigKey>>(keys: T): T {
  return keys;
}
