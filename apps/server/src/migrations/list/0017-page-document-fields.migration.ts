import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Each page carries the document that contains it (id, type, date), so that search filters by
 * document type, date or person are index lookups on pages instead of a join by page range
 * (docs/search.md, "Scale"). The copy is kept by triggers, whatever writes documents or pages
 * (structuring, a reviewer moving a boundary, a transfer import, a store migration):
 *
 * - a statement on documents re-derives the pages in every old and new range it touched;
 * - a page inserted or moved (volume, seq) looks its document up itself.
 *
 * "The document of a page" is the one the rest of the app shows: the covering document with
 * the greatest first_seq (documents do not overlap in practice; this settles it if they do).
 */
const REFRESH_RANGES = (ranges: string) => `
  UPDATE pages p SET document_id = x.doc_id, doc_type_code = x.type_code, doc_issued_on = x.issued_on
  FROM (
    SELECT DISTINCT ON (p2.id) p2.id, d.id AS doc_id, d.type_code, d.issued_on
    FROM (SELECT DISTINCT volume_id, first_seq, last_seq FROM ${ranges}) r
    JOIN pages p2 ON p2.volume_id = r.volume_id AND p2.seq BETWEEN r.first_seq AND r.last_seq
    LEFT JOIN LATERAL (
      SELECT d.id, d.type_code, d.issued_on FROM documents d
      WHERE d.volume_id = p2.volume_id AND p2.seq BETWEEN d.first_seq AND d.last_seq
      ORDER BY d.first_seq DESC LIMIT 1
    ) d ON true
    ORDER BY p2.id
  ) x
  WHERE p.id = x.id
    AND (p.document_id IS DISTINCT FROM x.doc_id
      OR p.doc_type_code IS DISTINCT FROM x.type_code
      OR p.doc_issued_on IS DISTINCT FROM x.issued_on)`;

export const pageDocumentFieldsMigration: Migration = {
  name: '0017-page-document-fields',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE pages ADD COLUMN document_id text`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN doc_type_code text`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN doc_issued_on date`.execute(db);

    await sql`
      CREATE OR REPLACE FUNCTION pages_document_fields() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.id, d.type_code, d.issued_on
          INTO NEW.document_id, NEW.doc_type_code, NEW.doc_issued_on
          FROM documents d
          WHERE d.volume_id = NEW.volume_id AND NEW.seq BETWEEN d.first_seq AND d.last_seq
          ORDER BY d.first_seq DESC LIMIT 1;
        IF NOT FOUND THEN
          NEW.document_id := NULL;
          NEW.doc_type_code := NULL;
          NEW.doc_issued_on := NULL;
        END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER pages_document_fields_ins BEFORE INSERT ON pages
      FOR EACH ROW EXECUTE FUNCTION pages_document_fields()`.execute(db);
    await sql`
      CREATE TRIGGER pages_document_fields_upd BEFORE UPDATE OF volume_id, seq ON pages
      FOR EACH ROW EXECUTE FUNCTION pages_document_fields()`.execute(db);

    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION documents_pages_ins() RETURNS trigger
         LANGUAGE plpgsql AS $$
         BEGIN ${REFRESH_RANGES('new_docs')}; RETURN NULL; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION documents_pages_del() RETURNS trigger
         LANGUAGE plpgsql AS $$
         BEGIN ${REFRESH_RANGES('old_docs')}; RETURN NULL; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION documents_pages_upd() RETURNS trigger
         LANGUAGE plpgsql AS $$
         BEGIN ${REFRESH_RANGES(
           `(SELECT volume_id, first_seq, last_seq FROM new_docs
             UNION SELECT volume_id, first_seq, last_seq FROM old_docs) u`,
         )}; RETURN NULL; END $$`,
      )
      .execute(db);
    // Statement-level with transition tables: structuring a case writes thousands of documents
    // in a few statements; each refreshes its pages in one UPDATE.
    await sql`
      CREATE TRIGGER documents_pages_ins AFTER INSERT ON documents
      REFERENCING NEW TABLE AS new_docs
      FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_ins()`.execute(db);
    await sql`
      CREATE TRIGGER documents_pages_del AFTER DELETE ON documents
      REFERENCING OLD TABLE AS old_docs
      FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_del()`.execute(db);
    await sql`
      CREATE TRIGGER documents_pages_upd AFTER UPDATE ON documents
      REFERENCING NEW TABLE AS new_docs OLD TABLE AS old_docs
      FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_upd()`.execute(db);

    // Backfill the pages of existing documents.
    await sql.raw(REFRESH_RANGES('documents')).execute(db);

    await sql`CREATE INDEX pages_document_idx ON pages (document_id)`.execute(db);
    await sql`CREATE INDEX pages_doc_type_idx ON pages (doc_type_code, case_id)`.execute(db);
    await sql`CREATE INDEX pages_doc_issued_idx ON pages (doc_issued_on)`.execute(db);
    // The person filter: folded names, substring match.
    await sql`CREATE INDEX document_persons_name_trgm_idx ON document_persons
      USING gin (f_fold(full_name) gin_trgm_ops)`.execute(db);
  },
};
