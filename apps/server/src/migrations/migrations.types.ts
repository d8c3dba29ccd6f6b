import type { Kysely } from 'kysely';

/** A numbered, append-only migration. Migrations use `Kysely<unknown>` and raw SQL only. */
export interface Migration {
  name: string;
  up: (db: Kysely<unknown>) => Promise<void>;
  down?: (db: Kysely<unknown>) => Promise<void>;
}
