/*
 * The steering dashboard at provincial scale: 1 provincial unit and 99 units below it, 10,000
 * cases spread over them with a digitization history (5 transitions each), 30 pages per case
 * (300,000 pages) and 2,000 hearings, seeded with INSERT … SELECT generate_series. Times the
 * dashboard use case (the two set queries + targets) for the whole province and for one unit.
 *
 *   npx tsx apps/server/bench/dashboard.bench.ts            PGlite in memory
 *   SOHOA_BENCH_PG_URL=postgres://… npx tsx apps/server/bench/dashboard.bench.ts
 *
 * SOHOA_BENCH_CASES / SOHOA_BENCH_PAGES_PER_CASE override the sizes.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { runMigrations } from '../src/migrations/migrations.usecases.ts';
import { createDashboardRepository } from '../src/modules/dashboard/dashboard.repository.ts';
import { getDashboard } from '../src/modules/dashboard/dashboard.usecases.ts';
import { createDatabase } from '../src/modules/database/database.ts';
import { createAuditRepository } from '../src/modules/audit/audit.repository.ts';
import { createUnitsRepository } from '../src/modules/units/units.repository.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const CASES = Number(process.env.SOHOA_BENCH_CASES ?? 10_000);
const PAGES_PER_CASE = Number(process.env.SOHOA_BENCH_PAGES_PER_CASE ?? 30);
const UNITS = 100;
const PG_URL = process.env.SOHOA_BENCH_PG_URL ?? '';

const { db, close } = PG_URL
  ? await createDatabase({ driver: 'postgres', url: PG_URL })
  : await createDatabase({ driver: 'pglite', dataDir: null });
await runMigrations({ db });

// SOHOA_BENCH_REUSE=1 with a PostgreSQL URL keeps an already seeded database (query tuning).
const seeded =
  process.env.SOHOA_BENCH_REUSE === '1' &&
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM units`.execute(db)).rows[0]!.n) >
    0;
if (!seeded) {
  await seed();
}

async function seed() {
  const t0 = performance.now();
  await sql`INSERT INTO units (id, code, name, level, parent_id)
    VALUES ('unit_province000', 'P', 'VKSND tỉnh', 'PROVINCIAL', NULL)`.execute(db);
  await sql`INSERT INTO units (id, code, name, level, parent_id)
    SELECT 'unit_d' || lpad(i::text, 10, '0'), 'KV' || i, 'VKSND khu vực ' || i, 'REGIONAL', 'unit_province000'
    FROM generate_series(1, ${UNITS - 1}) i`.execute(db);
  await sql`INSERT INTO users (id, unit_id, username, full_name, password_hash, roles)
    VALUES ('usr_steering00', 'unit_province000', 'bcd', 'BCĐ', 'x', ARRAY['STEERING'])`.execute(
    db,
  );
  // Cases: unit i % 100, created across 2026, every 4th criminal one at PROSECUTION or later.
  await sql`INSERT INTO cases (id, unit_id, kind, title, stage, digitization_status, created_at)
    SELECT 'case_' || lpad(i::text, 12, '0'),
      CASE WHEN i % ${UNITS} = 0 THEN 'unit_province000' ELSE 'unit_d' || lpad((i % ${UNITS})::text, 10, '0') END,
      CASE WHEN i % 5 = 0 THEN 'civil' ELSE 'criminal' END, 'Vụ án ' || i,
      CASE WHEN i % 4 = 0 THEN 'FIRST_INSTANCE' ELSE 'INVESTIGATION' END,
      (ARRAY['SCANNING','PROCESSING','AWAITING_REVIEW','REVIEWED','APPROVED'])[1 + i % 5],
      timestamp '2026-01-01' + (i % 330) * interval '1 day'
    FROM generate_series(1, ${CASES}) i`.execute(db);
  await sql`INSERT INTO digitization_transitions (id, case_id, from_status, to_status, created_at)
    SELECT 'dgt_' || c.id || '_' || s, c.id,
      (ARRAY['RECEIVED','SCANNING','PROCESSING','AWAITING_REVIEW','REVIEWED'])[s],
      (ARRAY['SCANNING','PROCESSING','AWAITING_REVIEW','REVIEWED','APPROVED'])[s],
      c.created_at + s * interval '1 day'
    FROM cases c, generate_series(1, 5) s
    WHERE s <= (array_position(ARRAY['SCANNING','PROCESSING','AWAITING_REVIEW','REVIEWED','APPROVED'], c.digitization_status))`.execute(
    db,
  );
  await sql`INSERT INTO volumes (id, case_id, number) SELECT 'vol_' || id, id, 1 FROM cases`.execute(
    db,
  );
  await sql`INSERT INTO source_files (id, case_id, volume_id, sha256, blob_key, original_name, media_type, size_bytes)
    SELECT 'src_' || id, id, 'vol_' || id, repeat('a', 64), 'none', 'scan.pdf', 'application/pdf', 1 FROM cases`.execute(
    db,
  );
  await sql`INSERT INTO pages (id, case_id, volume_id, source_file_id, source_index, seq, status, but_luc, is_blank)
    SELECT 'pg_' || c.id || '_' || s, c.id, 'vol_' || c.id, 'src_' || c.id, s, s + 1,
      CASE WHEN s % 97 = 0 THEN 'FAILED' ELSE 'DONE' END,
      CASE WHEN s % 2 = 0 THEN s / 2 + 1 END, s % 2 = 1
    FROM cases c, generate_series(0, ${PAGES_PER_CASE - 1}) s`.execute(db);
  await sql`INSERT INTO hearings (id, case_id, unit_id, held_on, court)
    SELECT 'hrg_' || c.id, c.id, c.unit_id, (c.created_at + interval '20 days')::date, 'TAND'
    FROM cases c WHERE c.id IN (SELECT id FROM cases ORDER BY id LIMIT 2000)`.execute(db);
  await sql`ANALYZE`.execute(db);
  out(
    `seeded ${UNITS} units, ${CASES} cases, ${CASES * PAGES_PER_CASE} pages, 2000 hearings on ${PG_URL ? 'PostgreSQL' : 'PGlite'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

const deps = {
  dashboardRepository: createDashboardRepository({ db }),
  unitsRepository: createUnitsRepository({ db }),
  auditRepository: createAuditRepository({ db }),
};
const actor = {
  userId: 'usr_steering00',
  username: 'bcd',
  unitId: 'unit_province000',
  roles: ['STEERING' as const],
};
await sql`DELETE FROM dashboard_targets`.execute(db);
await sql`INSERT INTO dashboard_targets (id, unit_id, period_from, period_to, metric, comparator, value, applies_to_subtree)
  VALUES ('tgt_bench000000', 'unit_province000', '2026-01-01', '2026-06-30', 'hearings_with_digitized_file', '>=', 1, true)`.execute(
  db,
);

async function time(label: string, unitId: string | undefined, runs = 10) {
  const ms: number[] = [];
  let digitized = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const { dashboard } = await getDashboard({
      actor,
      query: { from: '2026-01-01', to: '2026-12-31', ...(unitId ? { unitId } : {}) },
      deps,
      now: new Date('2026-11-30T00:00:00Z'),
    });
    ms.push(performance.now() - start);
    digitized = dashboard.totals.casesDigitized;
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0);
  out(
    `${label}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms (${runs} runs; ${digitized} files digitized)`,
  );
}
await time('province (100 units, with a per-unit target)', undefined);
await time('one regional unit', 'unit_d0000000007');
await close();
