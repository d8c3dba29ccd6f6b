import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../modules/database/database.ts';
import { runMigrations } from '../migrations.usecases.ts';

describe('migration 0019-search-vectors-inline', () => {
  it('keeps the three search vectors in the row and leaves the OCR text to TOAST', async () => {
    const { db, close } = await createDatabase({ driver: 'pglite', dataDir: null });
    try {
      await runMigrations({ db });
      const { rows } = await sql<{ attname: string; attstorage: string }>`
        SELECT attname, attstorage FROM pg_attribute
        WHERE attrelid = 'pages'::regclass
          AND attname IN ('ocr_text', 'search_folded', 'search_exact', 'search_pairs')
        ORDER BY attname`.execute(db);
      expect(rows).toEqual([
        { attname: 'ocr_text', attstorage: 'x' },
        { attname: 'search_exact', attstorage: 'm' },
        { attname: 'search_folded', attstorage: 'm' },
        { attname: 'search_pairs', attstorage: 'm' },
      ]);
    } finally {
      await close();
    }
  }, 120_000);
});
