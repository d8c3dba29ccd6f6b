import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../database/database.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';

/*
 * The per-case page summary (migration 0021) that the dashboard reads instead of scanning every
 * page: it follows every kind of write to pages (insert, OCR failure, bút lục numbering, a manual
 * correction, a split, a page moved to another case, deletion), statement by statement.
 */
const variants = await getDbVariants();

describe.each(variants)('case page summary on %s', (variant) => {
  let db: Db;
  let close: () => Promise<void>;

  const stats = async (caseId: string) => {
    const { rows } = await sql<{
      pages: number;
      sheets: number;
      ocr_failures: number;
      by_status: Record<string, number> | string;
    }>`SELECT pages, sheets, ocr_failures, by_status FROM case_page_stats WHERE case_id = ${caseId}`.execute(
      db,
    );
    const row = rows[0];
    return row
      ? {
          pages: row.pages,
          sheets: row.sheets,
          ocrFailures: row.ocr_failures,
          byStatus: typeof row.by_status === 'string' ? JSON.parse(row.by_status) : row.by_status,
        }
      : null;
  };

  beforeAll(async () => {
    ({ db, close } = await createTestDatabase({ variant }));
    await sql`INSERT INTO units (id, code, name, level, parent_id)
      VALUES ('unit_stats00001', 'ST', 'VKS thử', 'PROVINCIAL', NULL)`.execute(db);
    for (const id of ['case_stats_a', 'case_stats_b']) {
      await sql`INSERT INTO cases (id, unit_id, kind, title, stage, digitization_status, created_at)
        VALUES (${id}, 'unit_stats00001', 'criminal', 'Vụ thử', 'INVESTIGATION', 'PROCESSING', now())`.execute(
        db,
      );
      await sql`INSERT INTO volumes (id, case_id, number) VALUES (${`vol_${id}`}, ${id}, 1)`.execute(
        db,
      );
      await sql`INSERT INTO source_files (id, case_id, volume_id, sha256, blob_key, original_name, media_type, size_bytes)
        VALUES (${`src_${id}`}, ${id}, ${`vol_${id}`}, repeat('a', 64), 'none', 'scan.pdf', 'application/pdf', 1)`.execute(
        db,
      );
    }
  }, 180_000);
  afterAll(async () => {
    await close?.();
  });

  it('follows inserts, OCR failures, numbering, manual corrections, splits, moves and deletions', async () => {
    expect(await stats('case_stats_a')).toBeNull();
    // Six pages in one statement: all pending, none numbered yet.
    await sql`INSERT INTO pages (id, case_id, volume_id, source_file_id, source_index, seq, status, is_blank)
      SELECT 'pg_stats_' || s, 'case_stats_a', 'vol_case_stats_a', 'src_case_stats_a', s, s + 1, 'PENDING', false
      FROM generate_series(0, 5) s`.execute(db);
    expect(await stats('case_stats_a')).toEqual({
      pages: 6,
      sheets: 6,
      ocrFailures: 0,
      byStatus: { PENDING: 6 },
    });

    // OCR: four done, one failed; numbering: bút lục 1, 1 (recto/verso), 2, 3; page 4 blank.
    await sql`UPDATE pages SET status = CASE WHEN id = 'pg_stats_5' THEN 'FAILED' ELSE 'DONE' END,
      but_luc = CASE id WHEN 'pg_stats_0' THEN 1 WHEN 'pg_stats_1' THEN 1 WHEN 'pg_stats_2' THEN 2
        WHEN 'pg_stats_3' THEN 3 END,
      is_blank = id = 'pg_stats_4'
      WHERE case_id = 'case_stats_a'`.execute(db);
    // Sheets: bút lục 1, 2, 3 + the failed unnumbered page (the blank one is no sheet).
    expect(await stats('case_stats_a')).toEqual({
      pages: 6,
      sheets: 4,
      ocrFailures: 1,
      byStatus: { DONE: 5, FAILED: 1 },
    });

    // A reviewer numbers the failed page by hand as 3 (same sheet as bút lục 3).
    await sql`UPDATE pages SET manual = '{"butLuc": 3}'::jsonb WHERE id = 'pg_stats_5'`.execute(db);
    expect(await stats('case_stats_a')).toMatchObject({ sheets: 3, ocrFailures: 1 });

    // Page 3 is split into two: the original is SPLIT (no longer counted), two new pages appear.
    await sql`UPDATE pages SET status = 'SPLIT' WHERE id = 'pg_stats_3'`.execute(db);
    await sql`INSERT INTO pages (id, case_id, volume_id, source_file_id, source_index, seq, status, but_luc, is_blank)
      VALUES ('pg_stats_3a', 'case_stats_a', 'vol_case_stats_a', 'src_case_stats_a', 30, 30, 'DONE', 4, false),
             ('pg_stats_3b', 'case_stats_a', 'vol_case_stats_a', 'src_case_stats_a', 31, 31, 'DONE', 5, false)`.execute(
      db,
    );
    expect(await stats('case_stats_a')).toEqual({
      pages: 7,
      sheets: 5,
      ocrFailures: 1,
      byStatus: { DONE: 6, FAILED: 1, SPLIT: 1 },
    });

    // A text-only change recomputes nothing and changes nothing.
    await sql`UPDATE pages SET rotation = 90 WHERE id = 'pg_stats_0'`.execute(db);
    expect(await stats('case_stats_a')).toMatchObject({ pages: 7, sheets: 5 });

    // A page moved to the other case leaves one summary and joins the other.
    await sql`UPDATE pages SET case_id = 'case_stats_b', volume_id = 'vol_case_stats_b',
      source_file_id = 'src_case_stats_b' WHERE id = 'pg_stats_5'`.execute(db);
    expect(await stats('case_stats_a')).toMatchObject({ pages: 6, ocrFailures: 0 });
    expect(await stats('case_stats_b')).toEqual({
      pages: 1,
      sheets: 1,
      ocrFailures: 1,
      byStatus: { FAILED: 1 },
    });

    // Deleting every page removes the summary.
    await sql`DELETE FROM pages WHERE case_id = 'case_stats_b'`.execute(db);
    expect(await stats('case_stats_b')).toBeNull();
  }, 60_000);
});
