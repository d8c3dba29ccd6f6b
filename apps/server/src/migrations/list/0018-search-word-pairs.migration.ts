import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Quoted phrases as index lookups (docs/search.md, "Phrases"). A GIN index on a tsvector stores
 * which pages hold a word, not where: for `'cố' <-> 'ý' <-> 'gây'` it can only hand back every
 * page holding all three words, and each one's vector is then read and checked for positions.
 * With common words that is most of the table (15 s for a 0-hit phrase on 1,000,000 pages).
 *
 * pages.search_pairs holds every pair of adjacent words of the page, folded and joined by "_"
 * ("Thẩm phán Đông" → 'tham_phan', 'phan_dong'), GIN-indexed. A phrase of n words is first the
 * AND of its n-1 pairs (a few pages at most), then the exact positional check on those only.
 *
 * The pairs are derived from search_exact's own positions (f_word_pairs), and the query's pairs
 * by the same function from the same parser, so a page the exact check accepts always holds
 * every pair of the phrase: the pairs only discard pages, never a hit. Folded, so one index
 * serves a phrase typed with or without marks; the exact check keeps the marks.
 */
export const searchWordPairsMigration: Migration = {
  name: '0018-search-word-pairs',
  async up(db: Kysely<unknown>) {
    // Self-join on position + 1 (not lead()): a vector may hold several words at one position
    // (positions stop at 16383), and each of them pairs with its neighbour, as `<->` would.
    // Pairs longer than 200 bytes are left out on both sides (a lexeme may not exceed 2 KB).
    await sql`
      CREATE OR REPLACE FUNCTION f_word_pairs(v tsvector) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        WITH w AS (
          SELECT public.f_fold(t.lexeme) AS word, p.pos
          FROM unnest(v) t, unnest(t.positions) p(pos)
        )
        SELECT coalesce(array_to_tsvector(array_agg(a.word || '_' || b.word)), ''::tsvector)
        FROM w a JOIN w b ON b.pos = a.pos + 1
        WHERE octet_length(a.word) + octet_length(b.word) < 200
      $$`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN search_pairs tsvector`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION pages_search_vectors() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_folded := to_tsvector('simple'::regconfig, public.f_fold(coalesce(NEW.ocr_text, '')));
        NEW.search_exact := to_tsvector('simple'::regconfig, coalesce(NEW.ocr_text, ''));
        NEW.search_pairs := public.f_word_pairs(NEW.search_exact);
        RETURN NEW;
      END $$`.execute(db);
    await sql`DROP TRIGGER pages_search_vectors_upd ON pages`.execute(db);
    await sql`
      CREATE TRIGGER pages_search_vectors_upd
      BEFORE UPDATE OF ocr_text, search_folded, search_exact, search_pairs ON pages
      FOR EACH ROW EXECUTE FUNCTION pages_search_vectors()`.execute(db);

    // Backfill from the vectors already there (no re-parse of the text). The statement trigger
    // that feeds search_terms has nothing to add (search_folded is unchanged) but would hold
    // every row twice in its transition tables: off for this one statement.
    await sql`ALTER TABLE pages DISABLE TRIGGER pages_search_terms_upd`.execute(db);
    await sql`ALTER TABLE pages DISABLE TRIGGER pages_search_vectors_upd`.execute(db);
    await sql`UPDATE pages SET search_pairs = f_word_pairs(coalesce(search_exact, ''::tsvector))`.execute(
      db,
    );
    await sql`ALTER TABLE pages ENABLE TRIGGER pages_search_vectors_upd`.execute(db);
    await sql`ALTER TABLE pages ENABLE TRIGGER pages_search_terms_upd`.execute(db);
    await sql`CREATE INDEX pages_search_pairs_idx ON pages USING gin (search_pairs)`.execute(db);
  },
};
