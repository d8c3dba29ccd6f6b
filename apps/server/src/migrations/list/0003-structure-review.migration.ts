import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Review of the structure: the edit log (human_edits) is the source of truth for corrections and is
 * replayed on every re-run of structuring; an edit can be reverted (kept for the record). A document
 * is anchored on its first page, so its id and the edits on it survive re-processing. Annotations
 * outlive a document that a merge removed (they keep their page).
 */
export const structureReviewMigration: Migration = {
  name: '0003-structure-review',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE human_edits ADD COLUMN reverted_at timestamptz`.execute(db);
    await sql`ALTER TABLE human_edits ADD COLUMN reverted_by text REFERENCES users(id)`.execute(db);
    await sql`ALTER TABLE documents ADD COLUMN anchor_page_id text`.execute(db);
    await sql`ALTER TABLE documents ADD COLUMN notes text`.execute(db);
    await sql`ALTER TABLE annotations DROP CONSTRAINT annotations_document_id_fkey`.execute(db);
    await sql`
      ALTER TABLE annotations ADD CONSTRAINT annotations_document_id_fkey
      FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE SET NULL`.execute(db);
  },
};
