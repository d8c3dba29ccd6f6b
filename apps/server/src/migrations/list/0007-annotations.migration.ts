import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Annotations as the viewer makes them (issue 6 §6). The table of 0001 knew two kinds
 * (HIGHLIGHT, NOTE); the viewer distinguishes a highlighted rectangle (REGION) from highlighted
 * words of the text layer (WORDS). HIGHLIGHT stays allowed: rows imported from older transfer
 * packages keep their kind. Lists are per case and author ("mine"), so that gets an index too.
 */
export const annotationsMigration: Migration = {
  name: '0007-annotations',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE annotations DROP CONSTRAINT IF EXISTS annotations_kind_check`.execute(db);
    await sql`
      ALTER TABLE annotations ADD CONSTRAINT annotations_kind_check
        CHECK (kind IN ('HIGHLIGHT','REGION','WORDS','NOTE'))`.execute(db);
    await sql`
      CREATE INDEX annotations_author_idx ON annotations (case_id, author_id)
        WHERE deleted_at IS NULL`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX annotations_author_idx`.execute(db);
    await sql`ALTER TABLE annotations DROP CONSTRAINT annotations_kind_check`.execute(db);
    await sql`
      ALTER TABLE annotations ADD CONSTRAINT annotations_kind_check
        CHECK (kind IN ('HIGHLIGHT','NOTE'))`.execute(db);
  },
};
