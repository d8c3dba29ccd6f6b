import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Page-level full-text search (docs/search.md).
 *
 * - pages.search_folded: tsvector('simple') of the folded OCR text (f_fold: no diacritics, đ→d,
 *   lower case), GIN-indexed: the default, diacritic-blind mode.
 * - pages.search_exact: tsvector('simple') of the OCR text as read (lower case, diacritics kept),
 *   GIN-indexed: exact mode and "quoted phrases".
 * - search_terms: every folded word seen in any page, trigram-indexed, to widen a query word with
 *   the OCR misreadings really present in the corpus ("tharn" for "tham").
 *
 * Triggers keep all three current whatever writes a page (pipeline, reprocess, transfer import,
 * a store migration that copies rows): the columns are overwritten from ocr_text on every insert
 * and every update of ocr_text, so no writer can leave them stale. Triggers rather than generated
 * columns so that tools which copy whole rows (INSERT … SELECT *) keep working.
 */
export const pageSearchMigration: Migration = {
  name: '0006-page-search',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE pages ADD COLUMN search_folded tsvector`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN search_exact tsvector`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION pages_search_vectors() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_folded := to_tsvector('simple'::regconfig, public.f_fold(coalesce(NEW.ocr_text, '')));
        NEW.search_exact := to_tsvector('simple'::regconfig, coalesce(NEW.ocr_text, ''));
        RETURN NEW;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER pages_search_vectors_ins BEFORE INSERT ON pages
      FOR EACH ROW EXECUTE FUNCTION pages_search_vectors()`.execute(db);
    await sql`
      CREATE TRIGGER pages_search_vectors_upd BEFORE UPDATE OF ocr_text, search_folded, search_exact ON pages
      FOR EACH ROW EXECUTE FUNCTION pages_search_vectors()`.execute(db);

    await sql`CREATE TABLE search_terms (term text PRIMARY KEY)`.execute(db);
    // Terms are inserted in sorted order (tsvector lexemes are sorted; ORDER BY keeps it so) so
    // that concurrent writers take the unique-index locks in the same order and never deadlock.
    await sql`
      CREATE OR REPLACE FUNCTION pages_search_terms_ins() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_terms (term)
          SELECT DISTINCT t.lexeme FROM new_pages n, unnest(n.search_folded) t
          WHERE length(t.lexeme) BETWEEN 2 AND 40
          ORDER BY 1
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION pages_search_terms_upd() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_terms (term)
          SELECT DISTINCT t.lexeme
          FROM new_pages n JOIN old_pages o ON o.id = n.id, unnest(n.search_folded) t
          WHERE n.search_folded IS DISTINCT FROM o.search_folded
            AND length(t.lexeme) BETWEEN 2 AND 40
          ORDER BY 1
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`.execute(db);
    // Statement-level with transition tables: one INSERT per bulk insert, not one per page.
    await sql`
      CREATE TRIGGER pages_search_terms_ins AFTER INSERT ON pages
      REFERENCING NEW TABLE AS new_pages
      FOR EACH STATEMENT EXECUTE FUNCTION pages_search_terms_ins()`.execute(db);
    await sql`
      CREATE TRIGGER pages_search_terms_upd AFTER UPDATE ON pages
      REFERENCING NEW TABLE AS new_pages OLD TABLE AS old_pages
      FOR EACH STATEMENT EXECUTE FUNCTION pages_search_terms_upd()`.execute(db);

    // Backfill: fires the BEFORE UPDATE trigger on every page that has text.
    await sql`UPDATE pages SET search_folded = NULL WHERE ocr_text IS NOT NULL`.execute(db);

    await sql`CREATE INDEX pages_search_folded_idx ON pages USING gin (search_folded)`.execute(db);
    await sql`CREATE INDEX pages_search_exact_idx ON pages USING gin (search_exact)`.execute(db);
    await sql`CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (term gin_trgm_ops)`.execute(
      db,
    );
    // Documents by page position, for "which document is this page in" and the document filters.
    await sql`CREATE INDEX documents_volume_seq_idx ON documents (volume_id, first_seq, last_seq)`.execute(
      db,
    );
  },
};
