import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * The exhibit list of a case (issue 7 §4): ordered items shown at trial. `position` orders the
 * list (rewritten as a whole by a reorder, so it is not unique while a reorder runs); a page item
 * refers to one page, a region item adds a rectangle, a pair two pages, a media item a blob (an
 * image or video attached to the case). Presentation sessions themselves are not stored: they live
 * in the web process for the length of a hearing (see docs/court.md).
 */
export const exhibitsMigration: Migration = {
  name: '0013-exhibits',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE exhibits (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PAGE','REGION','PAIR','MEDIA')),
        label text NOT NULL,
        notes text NOT NULL DEFAULT '',
        page_id text REFERENCES pages (id) ON DELETE CASCADE,
        second_page_id text REFERENCES pages (id) ON DELETE CASCADE,
        rect jsonb,
        media_blob_key text,
        media_content_type text,
        media_size_bytes integer,
        media_file_name text,
        created_by text NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'MEDIA') = (media_blob_key IS NOT NULL)),
        CHECK ((kind = 'MEDIA') OR page_id IS NOT NULL),
        CHECK ((kind = 'PAIR') = (second_page_id IS NOT NULL)),
        CHECK ((kind = 'REGION') = (rect IS NOT NULL))
      )`.execute(db);
    await sql`CREATE INDEX exhibits_case_idx ON exhibits (case_id, position)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE exhibits`.execute(db);
  },
};
