import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * A per-case page summary for the steering dashboard (issue 8, "Dashboard scale"): pages (not
 * replaced by a split), sheets (tờ: distinct bút lục + suffix, plus numbered-less non-blank
 * pages), OCR failures and the count of pages per status. Province-wide figures then read one
 * row per case instead of every page (300,000 pages: the page scan was most of the query).
 *
 * Kept current by statement-level triggers on pages, whatever writes them (pipeline, review,
 * transfer, store migration): each statement recomputes the summary of the cases it touched,
 * from that case's pages (an index range), once per statement. An UPDATE recomputes only when
 * a counted field changed (status, bút lục, suffix, blank flag, manual edits, case).
 * The sheet rule is the dashboard's own (dashboard.repository.ts, before this migration).
 */
const COUNTED = ['status', 'but_luc', 'but_luc_suffix', 'is_blank', 'manual', 'case_id'];

export const casePageStatsMigration: Migration = {
  name: '0021-case-page-stats',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE case_page_stats (
        case_id text PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        pages integer NOT NULL,
        sheets integer NOT NULL,
        ocr_failures integer NOT NULL,
        by_status jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);

    await sql`
      CREATE OR REPLACE FUNCTION refresh_case_page_stats(ids text[]) RETURNS void
      LANGUAGE sql AS $$
        WITH p AS (
          SELECT p.case_id, p.status,
            CASE WHEN p.manual->'butLuc' IS NOT NULL THEN (p.manual->>'butLuc')::int ELSE p.but_luc END AS bl,
            CASE WHEN p.manual->'butLuc' IS NOT NULL THEN '' ELSE coalesce(p.but_luc_suffix, '') END AS sfx,
            CASE WHEN p.manual->'isBlank' IS NOT NULL THEN (p.manual->>'isBlank')::boolean ELSE p.is_blank END AS blank
          FROM pages p
          WHERE p.case_id = ANY(ids)
        ),
        st AS (
          SELECT case_id, jsonb_object_agg(status, n) AS by_status
          FROM (SELECT case_id, status, count(*)::int AS n FROM p GROUP BY case_id, status) s
          GROUP BY case_id
        ),
        pk AS (
          SELECT case_id, bl, sfx, count(*) AS n,
            count(*) FILTER (WHERE status = 'FAILED') AS failed,
            count(*) FILTER (WHERE bl IS NULL AND NOT blank) AS loose
          FROM p WHERE status <> 'SPLIT' GROUP BY case_id, bl, sfx
        ),
        ps AS (
          SELECT case_id, sum(n)::int AS pages, sum(failed)::int AS failed,
            (count(*) FILTER (WHERE bl IS NOT NULL) + sum(loose))::int AS sheets
          FROM pk GROUP BY case_id
        ),
        gone AS (
          DELETE FROM case_page_stats s
          WHERE s.case_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM st WHERE st.case_id = s.case_id)
        )
        INSERT INTO case_page_stats (case_id, pages, sheets, ocr_failures, by_status, updated_at)
        SELECT st.case_id, coalesce(ps.pages, 0), coalesce(ps.sheets, 0), coalesce(ps.failed, 0),
          st.by_status, now()
        FROM st LEFT JOIN ps ON ps.case_id = st.case_id
        WHERE EXISTS (SELECT 1 FROM cases c WHERE c.id = st.case_id)
        ORDER BY st.case_id
        ON CONFLICT (case_id) DO UPDATE SET pages = EXCLUDED.pages, sheets = EXCLUDED.sheets,
          ocr_failures = EXCLUDED.ocr_failures, by_status = EXCLUDED.by_status,
          updated_at = EXCLUDED.updated_at
      $$`.execute(db);

    await sql`
      CREATE OR REPLACE FUNCTION pages_stats_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_case_page_stats(ARRAY(SELECT DISTINCT case_id FROM new_pages));
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION pages_stats_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_case_page_stats(ARRAY(SELECT DISTINCT case_id FROM old_pages));
        RETURN NULL;
      END $$`.execute(db);
    const changed = COUNTED.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ');
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION pages_stats_upd() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM refresh_case_page_stats(ARRAY(
             SELECT n.case_id FROM new_pages n JOIN old_pages o ON o.id = n.id WHERE ${changed}
             UNION
             SELECT o.case_id FROM new_pages n JOIN old_pages o ON o.id = n.id
             WHERE o.case_id IS DISTINCT FROM n.case_id));
           RETURN NULL;
         END $$`,
      )
      .execute(db);
    await sql`
      CREATE TRIGGER pages_stats_ins AFTER INSERT ON pages REFERENCING NEW TABLE AS new_pages
      FOR EACH STATEMENT EXECUTE FUNCTION pages_stats_ins()`.execute(db);
    await sql`
      CREATE TRIGGER pages_stats_del AFTER DELETE ON pages REFERENCING OLD TABLE AS old_pages
      FOR EACH STATEMENT EXECUTE FUNCTION pages_stats_del()`.execute(db);
    await sql`
      CREATE TRIGGER pages_stats_upd AFTER UPDATE ON pages
      REFERENCING NEW TABLE AS new_pages OLD TABLE AS old_pages
      FOR EACH STATEMENT EXECUTE FUNCTION pages_stats_upd()`.execute(db);

    // Backfill every case that has pages.
    await sql`SELECT refresh_case_page_stats(ARRAY(SELECT DISTINCT case_id FROM pages))`.execute(
      db,
    );
  },
};
