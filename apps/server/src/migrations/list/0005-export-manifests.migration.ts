import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Integrity manifests of exported PDFs. The manifest JSON itself is a blob (content addressed);
 * this table only says which case a manifest belongs to, so it is served to those who may read
 * that case and to no one else.
 */
export const exportManifestsMigration: Migration = {
  name: '0005-export-manifests',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE export_manifests (
        case_id text NOT NULL REFERENCES cases(id),
        sha256 text NOT NULL,
        blob_key text NOT NULL,
        export_sha256 text NOT NULL,
        created_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, sha256)
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE export_manifests`.execute(db);
  },
};
