import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * The whole foundation schema. Frozen: later changes go in new numbered migrations.
 * Raw SQL only (never import application types here), PostgreSQL 15+ (Debian) and PGlite (PG 18).
 */
export const initialSchemaMigration: Migration = {
  name: '0001-initial-schema',
  async up(db: Kysely<unknown>) {
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    // unaccent() is STABLE; expression indexes need an IMMUTABLE wrapper. Folds đ→d too.
    await sql`
      CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION f_fold(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.f_unaccent($1)) $$`.execute(db);

    await sql`
      CREATE TABLE units (
        id text PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('SUPREME','PROVINCIAL','REGIONAL')),
        parent_id text REFERENCES units(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX units_code_key ON units (lower(code))`.execute(db);
    await sql`CREATE INDEX units_parent_idx ON units (parent_id)`.execute(db);
    // Exactly one root (the first unit created by setup).
    await sql`CREATE UNIQUE INDEX units_single_root ON units ((true)) WHERE parent_id IS NULL`.execute(
      db,
    );

    await sql`
      CREATE TABLE users (
        id text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES units(id),
        username text NOT NULL,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','DISABLED')),
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`.execute(db);
    await sql`CREATE INDEX users_unit_idx ON users (unit_id)`.execute(db);

    await sql`
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        user_id text NOT NULL REFERENCES users(id),
        csrf_token text NOT NULL,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`.execute(db);
    await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

    // Failed-login counters per account and per IP, shared by every web process.
    await sql`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz
      )`.execute(db);

    await sql`
      CREATE TABLE cases (
        id text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES units(id),
        national_code text,
        internal_number text,
        kind text NOT NULL CHECK (kind IN ('criminal','civil','commercial','labour','administrative','family')),
        title text NOT NULL,
        charges jsonb NOT NULL DEFAULT '[]'::jsonb,
        stage text NOT NULL,
        confidentiality text NOT NULL DEFAULT 'NORMAL'
          CHECK (confidentiality IN ('NORMAL','CONFIDENTIAL','SECRET','TOP_SECRET')),
        digitization_status text NOT NULL DEFAULT 'RECEIVED',
        search_text text NOT NULL DEFAULT '',
        created_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX cases_national_code_key ON cases (national_code) WHERE national_code IS NOT NULL`.execute(
      db,
    );
    await sql`CREATE INDEX cases_unit_idx ON cases (unit_id, created_at DESC) WHERE deleted_at IS NULL`.execute(
      db,
    );
    await sql`CREATE INDEX cases_search_trgm ON cases USING gin (f_fold(search_text) gin_trgm_ops)`.execute(
      db,
    );

    await sql`
      CREATE TABLE case_assignments (
        case_id text NOT NULL REFERENCES cases(id),
        user_id text NOT NULL REFERENCES users(id),
        assigned_by text REFERENCES users(id),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, user_id)
      )`.execute(db);
    await sql`CREATE INDEX case_assignments_user_idx ON case_assignments (user_id)`.execute(db);

    await sql`
      CREATE TABLE case_parties (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        position integer NOT NULL,
        full_name text NOT NULL,
        role_code text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX case_parties_case_idx ON case_parties (case_id, position)`.execute(db);

    await sql`
      CREATE TABLE volumes (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        number integer NOT NULL CHECK (number > 0),
        title text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, number)
      )`.execute(db);

    await createContentTables(db);
    await createJobAndAuditTables(db);
  },
};

/** Sources, pages, documents, annotations: shaped now for the ingestion, structuring and web issues. */
async function createContentTables(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE source_files (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      volume_id text NOT NULL REFERENCES volumes(id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      blob_key text NOT NULL,
      original_name text NOT NULL,
      media_type text NOT NULL,
      size_bytes bigint NOT NULL,
      page_count integer,
      status text NOT NULL DEFAULT 'ACCEPTED',
      error_code text,
      error_message text,
      uploaded_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, sha256)
    )`.execute(db);

  await sql`
    CREATE TABLE pages (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      volume_id text NOT NULL REFERENCES volumes(id),
      source_file_id text NOT NULL REFERENCES source_files(id),
      source_index integer NOT NULL,
      seq integer NOT NULL,
      status text NOT NULL DEFAULT 'PENDING',
      original_blob_key text,
      upright_blob_key text,
      width_px integer,
      height_px integer,
      dpi integer,
      rotation integer NOT NULL DEFAULT 0 CHECK (rotation IN (0,90,180,270)),
      skew_degrees real,
      is_blank boolean NOT NULL DEFAULT false,
      but_luc integer,
      but_luc_suffix text,
      but_luc_raw text,
      but_luc_confidence real,
      has_text_layer boolean NOT NULL DEFAULT false,
      ocr_engine text,
      ocr_text text,
      ocr_words jsonb,
      ocr_confidence real,
      error_code text,
      error_message text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (volume_id, seq),
      UNIQUE (source_file_id, source_index)
    )`.execute(db);
  await sql`CREATE INDEX pages_case_idx ON pages (case_id, volume_id, seq)`.execute(db);
  await sql`CREATE INDEX pages_but_luc_idx ON pages (case_id, but_luc)`.execute(db);

  await sql`
    CREATE TABLE documents (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      volume_id text NOT NULL REFERENCES volumes(id),
      position integer NOT NULL,
      first_seq integer NOT NULL,
      last_seq integer NOT NULL CHECK (last_seq >= first_seq),
      but_luc_from integer,
      but_luc_to integer,
      type_code text NOT NULL DEFAULT 'KHAC',
      type_confidence real,
      section_code text,
      title text,
      number text,
      issued_on date,
      issuer text,
      signer text,
      signer_role text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      origin text NOT NULL DEFAULT 'AUTO' CHECK (origin IN ('AUTO','HUMAN')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX documents_case_idx ON documents (case_id, volume_id, first_seq)`.execute(
    db,
  );

  await sql`
    CREATE TABLE document_persons (
      document_id text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      position integer NOT NULL,
      full_name text NOT NULL,
      role_code text,
      PRIMARY KEY (document_id, position)
    )`.execute(db);

  // Human corrections are rows of their own, re-applied on every re-run of structuring.
  await sql`
    CREATE TABLE human_edits (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      target_kind text NOT NULL,
      target_id text,
      operation text NOT NULL,
      payload jsonb NOT NULL,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX human_edits_case_idx ON human_edits (case_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE annotations (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      page_id text REFERENCES pages(id),
      document_id text REFERENCES documents(id),
      author_id text NOT NULL REFERENCES users(id),
      kind text NOT NULL CHECK (kind IN ('HIGHLIGHT','NOTE')),
      region jsonb,
      body text,
      color text,
      visibility text NOT NULL DEFAULT 'PRIVATE' CHECK (visibility IN ('PRIVATE','TEAM')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX annotations_case_idx ON annotations (case_id, page_id)`.execute(db);
}

async function createJobAndAuditTables(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE jobs (
      id text PRIMARY KEY,
      name text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'QUEUED'
        CHECK (status IN ('QUEUED','RUNNING','SUCCEEDED','FAILED','DEAD','CANCELLED')),
      priority integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 3,
      run_at timestamptz NOT NULL DEFAULT now(),
      locked_by text,
      locked_until timestamptz,
      unit_id text REFERENCES units(id),
      case_id text REFERENCES cases(id),
      singleton_key text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  // Claiming: ORDER BY priority DESC, run_at ... FOR UPDATE SKIP LOCKED.
  await sql`CREATE INDEX jobs_claim_idx ON jobs (name, priority DESC, run_at) WHERE status = 'QUEUED'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX jobs_singleton_key ON jobs (singleton_key) WHERE singleton_key IS NOT NULL AND status IN ('QUEUED','RUNNING')`.execute(
    db,
  );

  // Append-only. prev_hash/hash chain the rows for tamper evidence (filled by the oversight issue).
  await sql`
    CREATE TABLE audit_events (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_user_id text,
      actor_username text,
      actor_unit_id text,
      action text NOT NULL,
      outcome text NOT NULL DEFAULT 'SUCCESS' CHECK (outcome IN ('SUCCESS','DENIED','FAILURE')),
      target_kind text,
      target_id text,
      case_id text,
      unit_id text,
      ip text,
      user_agent text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      prev_hash text,
      hash text
    )`.execute(db);
  await sql`CREATE INDEX audit_events_case_idx ON audit_events (case_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at)`.execute(db);
}
