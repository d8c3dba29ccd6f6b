import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Each page may carry its display image: the upright page at the viewer's display width, made by
 * the pipeline from the raster it already decoded (or, for pages processed before, by the server
 * the first time a viewer asks for it), kept as a content-addressed blob. `display_width` says at
 * which width it was made, so a later change of that width re-renders instead of serving the old
 * size. Both are null until made; a page processed again gets its new one (or null).
 */
export const pageDisplayImagesMigration: Migration = {
  name: '0022-page-display-images',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE pages ADD COLUMN display_blob_key text`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN display_width integer`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`ALTER TABLE pages DROP COLUMN display_width`.execute(db);
    await sql`ALTER TABLE pages DROP COLUMN display_blob_key`.execute(db);
  },
};
