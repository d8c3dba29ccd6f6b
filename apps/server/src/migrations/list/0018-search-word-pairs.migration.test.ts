import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../modules/database/database.ts';
import { migrations } from '../migrations.registry.ts';
import { runMigrations } from '../migrations.usecases.ts';

describe('migration 0018-search-word-pairs', () => {
  it('fills the word pairs of the pages written before it, and the trigger keeps them current', async () => {
    const { db, close } = await createDatabase({ driver: 'pglite', dataDir: null });
    try {
      await runMigrations({ db, migrations: migrations.filter((m) => m.name < '0018') });
      await sql`INSERT INTO units (id, code, name, level) VALUES ('unit_1', 'HN', 'Hà Nội', 'PROVINCIAL')`.execute(
        db,
      );
      await sql`INSERT INTO users (id, unit_id, username, full_name, password_hash, roles)
        VALUES ('usr_1', 'unit_1', 'clerk', 'Clerk', 'x', ARRAY['CLERK'])`.execute(db);
      await sql`INSERT INTO cases (id, unit_id, kind, title, stage, search_text, created_by)
        VALUES ('case_1', 'unit_1', 'criminal', 'Vụ án', 'INVESTIGATION', '', 'usr_1')`.execute(db);
      await sql`INSERT INTO volumes (id, case_id, number) VALUES ('vol_1', 'case_1', 1)`.execute(
        db,
      );
      await sql`INSERT INTO source_files (id, case_id, volume_id, sha256, blob_key, original_name,
          media_type, size_bytes)
        VALUES ('src_1', 'case_1', 'vol_1', ${'0'.repeat(64)}, 'x', 'a.pdf', 'application/pdf', 1)`.execute(
        db,
      );
      await sql`INSERT INTO pages (id, case_id, volume_id, source_file_id, source_index, seq, status, ocr_text)
        VALUES ('pg_1', 'case_1', 'vol_1', 'src_1', 0, 1, 'DONE', 'Thẩm phán Đông, thẩm phán.'),
               ('pg_2', 'case_1', 'vol_1', 'src_1', 1, 2, 'DONE', NULL)`.execute(db);

      await runMigrations({ db });

      const pairs = async () =>
        (
          await sql<{ id: string; pairs: string }>`
            SELECT id, search_pairs::text AS pairs FROM pages ORDER BY id`.execute(db)
        ).rows;
      expect(await pairs()).toEqual([
        { id: 'pg_1', pairs: "'dong_tham' 'phan_dong' 'tham_phan'" },
        { id: 'pg_2', pairs: '' },
      ]);
      await sql`UPDATE pages SET ocr_text = 'Bị can' WHERE id = 'pg_2'`.execute(db);
      expect((await pairs())[1]).toEqual({ id: 'pg_2', pairs: "'bi_can'" });
      // The word-list trigger, off during the backfill, is on again: the new words joined it.
      const terms = await sql<{ term: string }>`
        SELECT term FROM search_terms WHERE term IN ('dong', 'bi', 'can', 'tham') ORDER BY term`.execute(
        db,
      );
      expect(terms.rows.map((r) => r.term)).toEqual(['bi', 'can', 'dong', 'tham']);
    } finally {
      await close();
    }
  }, 120_000);
});
