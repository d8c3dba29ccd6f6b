import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * The text indexes also hold each page's document type and case (btree_gin), measured on
 * 1,000,000 pages in PostgreSQL (apps/server/src/modules/search/README.md):
 *
 * - "these words in this kind of document" is one GIN scan: GIN intersects the type's short
 *   posting list with the words' long ones by skipping, instead of reading two common words'
 *   lists in full (121,949 pages for "lời khai") and ANDing bitmaps: 41 ms → 5 ms for that scan.
 * - a search walks the visible cases in result order and asks the index, case by case, for that
 *   case's pages holding the words (a parameterized scan: ~0.06 ms a case), stopping once a batch
 *   is full, instead of fetching and sorting every matching page: a three-word name with 6,000
 *   hits went from 104 ms to 2.4 ms on PostgreSQL's default settings.
 *
 * A multicolumn GIN index serves queries on the vector alone as before, and the two columns add
 * ~4 % to its size, so each one replaces the vector-only index rather than joining it.
 *
 * PostgreSQL only. The embedded PGlite keeps the vector-only indexes: with btree_gin loaded there,
 * a search could spin forever inside the database (seen in the access-matrix test, for some
 * random ids, even without these indexes); an office PC's few hundred thousand pages do not need
 * them (bench:search, 200,000 pages: p95 well under its 200 ms target either way).
 *
 * On a large PostgreSQL installation this builds two GIN indexes (~20 s per million pages each
 * on the development machine) with writes to `pages` blocked meanwhile: run it in a quiet hour.
 */
export const searchTypeIndexesMigration: Migration = {
  name: '0023-search-type-indexes',
  async up(db: Kysely<unknown>) {
    if (!(await btreeGinAvailable(db))) {
      return;
    }
    await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
    await sql`CREATE INDEX pages_search_folded_type_case_idx ON pages
      USING gin (search_folded, doc_type_code, case_id)`.execute(db);
    await sql`DROP INDEX pages_search_folded_idx`.execute(db);
    await sql`CREATE INDEX pages_search_exact_type_case_idx ON pages
      USING gin (search_exact, doc_type_code, case_id)`.execute(db);
    await sql`DROP INDEX pages_search_exact_idx`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (!(await btreeGinAvailable(db))) {
      return;
    }
    await sql`CREATE INDEX pages_search_exact_idx ON pages USING gin (search_exact)`.execute(db);
    await sql`DROP INDEX pages_search_exact_type_case_idx`.execute(db);
    await sql`CREATE INDEX pages_search_folded_idx ON pages USING gin (search_folded)`.execute(db);
    await sql`DROP INDEX pages_search_folded_type_case_idx`.execute(db);
  },
};

/** Whether the server offers btree_gin: PostgreSQL with its contrib modules, not PGlite here. */
async function btreeGinAvailable(db: Kysely<unknown>): Promise<boolean> {
  const { rows } =
    await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'`.execute(db);
  return rows.length > 0;
}
