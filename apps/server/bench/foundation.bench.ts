/*
 * Foundation benchmark: case listing and search as a unit sees them, on embedded PGlite versus the
 * reference, native PostgreSQL (when reachable). Prints ms per query and the PGlite/PostgreSQL ratio.
 * Run: npm run bench  (BENCH_CASES=20000 to change the size)
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { caseListScope } from '../src/modules/access/access.policy.ts';
import { hashPassword } from '../src/modules/auth/auth.passwords.ts';
import { createCasesRepository } from '../src/modules/cases/cases.repository.ts';
import type { Db } from '../src/modules/database/database.ts';
import {
  createTestDatabase,
  getDbVariants,
  type DbVariant,
} from '../src/modules/database/database.test-utils.ts';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
];
const GIVEN = [
  'Văn An',
  'Thị Bình',
  'Văn Chân',
  'Thị Dung',
  'Đức Em',
  'Minh Giang',
  'Thị Hương',
  'Quốc Khánh',
];
const CHARGES = [
  'Trộm cắp tài sản',
  'Lừa đảo chiếm đoạt tài sản',
  'Cố ý gây thương tích',
  'Đánh bạc',
  'Mua bán trái phép chất ma túy',
];
const out = (line: string) => process.stdout.write(`${line}\n`);

async function seed(db: Db) {
  await db
    .insertInto('units')
    .values([
      {
        id: 'unit_benchprov00000001',
        code: 'P',
        name: 'Tỉnh',
        level: 'PROVINCIAL',
        parent_id: null,
      },
      ...Array.from({ length: 10 }, (_, i) => ({
        id: `unit_benchreg0000000${i}`,
        code: `R${i}`,
        name: `KV ${i}`,
        level: 'REGIONAL',
        parent_id: 'unit_benchprov00000001',
      })),
    ])
    .execute();
  await db
    .insertInto('users')
    .values({
      id: 'usr_bench000000000001',
      unit_id: 'unit_benchreg00000000',
      username: 'ksv',
      full_name: 'KSV',
      roles: ['PROSECUTOR'],
      password_hash: 'x',
    })
    .execute();
  for (let start = 0; start < CASES; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, CASES - start) }, (_, k) => {
      const i = start + k;
      const person = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
      const charge = CHARGES[i % CHARGES.length]!;
      return {
        id: `case_bench${String(i).padStart(12, '0')}`,
        unit_id: `unit_benchreg0000000${i % 10}`,
        kind: 'criminal',
        title: `Vụ ${person} ${charge.toLowerCase()}`,
        national_code: `HS-${i}`,
        internal_number: `${i}/2026/TLST-HS`,
        charges: JSON.stringify([{ name: charge, article: 173, clause: '1', law: 'BLHS 2015' }]),
        stage: 'INVESTIGATION',
        confidentiality: i % 20 === 0 ? 'CONFIDENTIAL' : 'NORMAL',
        search_text: `Vụ ${person} • HS-${i} • ${person} • ${charge}`,
      };
    });
    await db.insertInto('cases').values(rows).execute();
  }
  await sql`ANALYZE`.execute(db);
}

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    await fn();
  }
  return { label, ms: (performance.now() - start) / runs };
}

async function measure(variant: DbVariant) {
  const { db, close } = await createTestDatabase({ variant });
  const seedStart = performance.now();
  await seed(db);
  const seedMs = performance.now() - seedStart;
  const repo = createCasesRepository({ db });
  const actor = {
    userId: 'usr_bench000000000001',
    username: 'ksv',
    unitId: 'unit_benchreg00000000',
    roles: ['PROSECUTOR' as const],
  };
  const leader = { ...actor, unitId: 'unit_benchprov00000001', roles: ['LEADER' as const] };
  const descendants = Array.from({ length: 10 }, (_, i) => `unit_benchreg0000000${i}`);
  const results = [
    await time('list page 1 (prosecutor, own unit)', 30, () =>
      repo.list({
        scope: { ...caseListScope({ actor }), descendantUnitIds: [] },
        page: 1,
        pageSize: 50,
      }),
    ),
    await time('list page 1 (provincial leader, 10 units)', 30, () =>
      repo.list({
        scope: { ...caseListScope({ actor: leader }), descendantUnitIds: descendants },
        page: 1,
        pageSize: 50,
      }),
    ),
    await time('search "nguyen van chan" (folded)', 30, () =>
      repo.list({
        scope: { ...caseListScope({ actor: leader }), descendantUnitIds: descendants },
        q: 'nguyen van chan',
        page: 1,
        pageSize: 50,
      }),
    ),
  ];
  await close();
  return { seedMs, results };
}

const variants = await getDbVariants();
out(`sohoa foundation bench — ${CASES} cases, variants: ${variants.join(', ')}`);
const hashStart = performance.now();
await hashPassword({ password: 'MatKhau2026', cost: 15 });
out(`password hash (scrypt logN 15): ${(performance.now() - hashStart).toFixed(0)} ms`);
const byVariant = new Map<DbVariant, Awaited<ReturnType<typeof measure>>>();
for (const variant of variants) {
  byVariant.set(variant, await measure(variant));
  out(`${variant}: seeded in ${(byVariant.get(variant)!.seedMs / 1000).toFixed(1)} s`);
}
const pglite = byVariant.get('pglite')!;
const postgres = byVariant.get('postgres');
for (const [i, r] of pglite.results.entries()) {
  const ref = postgres?.results[i];
  out(
    `${r.label.padEnd(44)} pglite ${r.ms.toFixed(1).padStart(7)} ms` +
      (ref
        ? `   postgres ${ref.ms.toFixed(1).padStart(7)} ms   ratio ${(r.ms / ref.ms).toFixed(2)}×`
        : '   (PostgreSQL not reachable: no reference ratio)'),
  );
}
