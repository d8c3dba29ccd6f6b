import type { CaseKind } from '@sohoa/contracts';
import type { OcrWord } from '@sohoa/processing';
import { sql, type RawBuilder } from 'kysely';
import { visibleCasesWhere, type CaseListFilter } from '../cases/cases.repository.ts';
import type { Db } from '../database/database.ts';

export type SearchRepository = ReturnType<typeof createSearchRepository>;

/** Where to resume: the last page of the previous batch, in result order. */
export interface SearchPosition {
  caseId: string;
  volumeId: string;
  seq: number;
}

export interface SearchFilter {
  scope: CaseListFilter['scope'];
  caseId?: string;
  kind?: CaseKind;
  unitId?: string;
  documentType?: string;
  dateFrom?: string;
  dateTo?: string;
  person?: string;
}

/**
 * The text-search conditions, as tsquery source text over lexemes the caller has already made
 * (letters and digits only, so they need no quoting beyond the quotes themselves).
 */
export interface SearchQueries {
  /** Against pages.search_folded (diacritics folded), or null. */
  folded: string | null;
  /** The folded query without OCR variants: tells exact-word hits from widened ones. */
  foldedStrict: string | null;
  /** Against pages.search_exact (diacritics kept), or null. */
  exact: string | null;
  /**
   * Against pages.search_pairs (adjacent folded word pairs, migration 0018), or null: the pairs
   * of the quoted phrases, which narrow the pages the exact positional check must read.
   */
  pairs: string | null;
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export function createSearchRepository({ db }: { db: Db }) {
  /** Everything a page must satisfy, except the resume position. */
  function conditions({ filter, queries }: { filter: SearchFilter; queries: SearchQueries }) {
    let visible = db
      .selectFrom('cases')
      .select('cases.id')
      .where('cases.deleted_at', 'is', null)
      .where(visibleCasesWhere(filter.scope));
    if (filter.caseId) {
      visible = visible.where('cases.id', '=', filter.caseId);
    }
    if (filter.kind) {
      visible = visible.where('cases.kind', '=', filter.kind);
    }
    if (filter.unitId) {
      visible = visible.where('cases.unit_id', '=', filter.unitId);
    }
    const parts: RawBuilder<unknown>[] = [sql`p.case_id IN (${visible})`];
    // Document filters read the page's own copy of its document (migration 0017): index
    // lookups on pages, combined with the text index, instead of a join by page range. They come
    // before the text conditions: a page walked in result order is then rejected on a date or a
    // type before its vectors are read (PostgreSQL keeps the written order of equal-cost quals).
    if (filter.documentType) {
      parts.push(sql`p.doc_type_code = ${filter.documentType}`);
    }
    if (filter.dateFrom) {
      parts.push(sql`p.doc_issued_on >= ${filter.dateFrom}::date`);
    }
    if (filter.dateTo) {
      parts.push(sql`p.doc_issued_on <= ${filter.dateTo}::date`);
    }
    if (filter.person) {
      parts.push(sql`p.document_id IN (SELECT dp.document_id FROM document_persons dp
        WHERE f_fold(dp.full_name) LIKE f_fold(${likePattern(filter.person)}))`);
    }
    if (queries.folded) {
      parts.push(sql`p.search_folded @@ to_tsquery('simple', ${queries.folded})`);
    }
    if (queries.pairs) {
      // Lexemes verbatim (::tsquery, no parser): a pair like 'tham_phan' must stay one lexeme.
      parts.push(sql`p.search_pairs @@ ${queries.pairs}::tsquery`);
    }
    if (queries.exact) {
      parts.push(sql`p.search_exact @@ to_tsquery('simple', ${queries.exact})`);
    }
    return sql.join(parts, sql` AND `);
  }

  return {
    /** Ids of the matching pages in result order (case, volume, scan order), `limit` after `after`. */
    async findPages({
      filter,
      queries,
      after,
      limit,
    }: {
      filter: SearchFilter;
      queries: SearchQueries;
      after: SearchPosition | null;
      limit: number;
    }) {
      const where = conditions({ filter, queries });
      const resume = after
        ? sql`AND (p.case_id, p.volume_id, p.seq) > (${after.caseId}, ${after.volumeId}, ${after.seq})`
        : sql``;
      const { rows } = await sql<{ id: string; case_id: string; volume_id: string; seq: number }>`
        SELECT p.id, p.case_id, p.volume_id, p.seq FROM pages p
        WHERE ${where} ${resume}
        ORDER BY p.case_id, p.volume_id, p.seq
        LIMIT ${limit}`.execute(db);
      return { pages: rows };
    },

    /** How many pages match, counted up to `cap` (each one is read and checked: not free). */
    async countPages({
      filter,
      queries,
      cap,
    }: {
      filter: SearchFilter;
      queries: SearchQueries;
      cap: number;
    }) {
      const where = conditions({ filter, queries });
      const { rows } = await sql<{ n: number | string }>`
        SELECT count(*) AS n FROM (SELECT 1 FROM pages p WHERE ${where} LIMIT ${cap}) x`.execute(
        db,
      );
      return { total: Number(rows[0]?.n ?? 0) };
    },

    /**
     * The planner's estimate of how many pages match (EXPLAIN, nothing executed: a millisecond),
     * from the column statistics of ANALYZE (word frequencies of the tsvectors included).
     */
    async estimatePages({ filter, queries }: { filter: SearchFilter; queries: SearchQueries }) {
      const where = conditions({ filter, queries });
      const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
        EXPLAIN (FORMAT JSON) SELECT 1 FROM pages p WHERE ${where}`.execute(db);
      const plan = rows[0]?.['QUERY PLAN'];
      const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as
        Array<{ Plan?: { 'Plan Rows'?: number } }> | undefined;
      return { estimate: Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0) };
    },

    /** What a hit shows: its case, volume, bút lục, document, text (and words when asked). */
    async getHitDetails({
      pageIds,
      foldedStrict,
      withWords,
    }: {
      pageIds: string[];
      foldedStrict: string | null;
      withWords: boolean;
    }) {
      if (pageIds.length === 0) {
        return { rows: [] };
      }
      const exactWords = foldedStrict
        ? sql<boolean>`p.search_folded @@ to_tsquery('simple', ${foldedStrict})`
        : sql<boolean>`true`;
      const words = withWords ? sql`p.ocr_words` : sql`NULL::jsonb`;
      const { rows } = await sql<{
        id: string;
        case_id: string;
        case_title: string;
        internal_number: string | null;
        national_code: string | null;
        volume: number;
        seq: number;
        but_luc: number | null;
        but_luc_suffix: string | null;
        ocr_text: string | null;
        ocr_words: OcrWord[] | null;
        upright_width_px: number | null;
        upright_height_px: number | null;
        exact_words: boolean;
        document_id: string | null;
        type_code: string | null;
        document_title: string | null;
        issued_on: string | null;
      }>`
        SELECT p.id, p.case_id, c.title AS case_title, c.internal_number, c.national_code,
          v.number AS volume, p.seq,
          CASE WHEN p.manual -> 'butLuc' IS NOT NULL THEN (p.manual ->> 'butLuc')::int
               ELSE p.but_luc END AS but_luc,
          p.but_luc_suffix, p.ocr_text, ${words} AS ocr_words,
          p.upright_width_px, p.upright_height_px, ${exactWords} AS exact_words,
          d.id AS document_id, d.type_code, d.title AS document_title,
          to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on
        FROM pages p
        JOIN cases c ON c.id = p.case_id
        JOIN volumes v ON v.id = p.volume_id
        LEFT JOIN documents d ON d.id = p.document_id
        WHERE p.id IN (${sql.join(pageIds)})`.execute(db);
      return { rows };
    },

    /**
     * The adjacent folded word pairs of each phrase (its words joined by spaces), made by the same
     * SQL as the pages' own (f_word_pairs over to_tsvector), so both sides always agree.
     */
    async phrasePairs({ phrases }: { phrases: string[] }) {
      if (phrases.length === 0) {
        return { pairs: [] as string[][] };
      }
      const { rows } = await sql<{ pairs: string[] }>`
        SELECT ARRAY(SELECT t.lexeme FROM unnest(f_word_pairs(to_tsvector('simple', u.phrase))) t
                     ORDER BY 1) AS pairs
        FROM unnest(${phrases}::text[]) WITH ORDINALITY u(phrase, i)
        ORDER BY u.i`.execute(db);
      return { pairs: rows.map((r) => r.pairs) };
    },

    /** Folded corpus terms among `candidates` (exact lookups on the primary key). */
    async existingTerms({ candidates }: { candidates: string[] }) {
      if (candidates.length === 0) {
        return { terms: [] as string[] };
      }
      const { rows } = await sql<{ term: string }>`
        SELECT term FROM search_terms WHERE term IN (${sql.join(candidates)})`.execute(db);
      return { terms: rows.map((r) => r.term) };
    },

    /** Corpus terms similar to `word` by trigrams (pg_trgm), most similar first. */
    async similarTerms({ word, limit = 30 }: { word: string; limit?: number }) {
      const { rows } = await sql<{ term: string }>`
        SELECT term FROM search_terms WHERE term % ${word}
        ORDER BY similarity(term, ${word}) DESC, term LIMIT ${limit}`.execute(db);
      return { terms: rows.map((r) => r.term) };
    },
  };
}
