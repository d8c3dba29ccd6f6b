import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Keeps the search vectors in the page row (STORAGE MAIN: compressed if need be, moved out of
 * line only as a last resort) and lets the OCR text go to TOAST first (docs/search.md, "Scale").
 *
 * A page row holds its text (~1–2 KB) and three vectors (~1 KB each): past the 2 KB threshold
 * PostgreSQL moves the widest EXTENDED values out of line, the vectors among them. Every vector
 * checked by a filter or a recheck was then a TOAST index lookup plus chunk reads: 3.5× the cost
 * of an inline vector, measured on the 1,000,000-page bench. The text is read for 20 hits at a
 * time; the vectors for every candidate page.
 *
 * Catalog change only: rows written before stay as they are until rewritten (any update of
 * their text, or VACUUM FULL pages in a maintenance window).
 */
export const searchVectorsInlineMigration: Migration = {
  name: '0019-search-vectors-inline',
  async up(db: Kysely<unknown>) {
    await sql`
      ALTER TABLE pages
        ALTER COLUMN search_folded SET STORAGE MAIN,
        ALTER COLUMN search_exact SET STORAGE MAIN,
        ALTER COLUMN search_pairs SET STORAGE MAIN`.execute(db);
  },
};
