import type { CaseKind, CaseStage, DigitizationStatus, Role } from '@sohoa/contracts';
import type { ServerDependencies } from '../app/server.types.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { generateId } from '../shared/ids/ids.ts';

/*
 * A seeded province for the dashboard tests (integration and browser): one provincial unit, three
 * regional units, users per unit, cases in every digitization state with their transition history
 * at fixed dates of `year`, pages with bút lục, and hearings. Expected figures are in
 * dashboard.int.test.ts; the story of each case is told next to it here.
 */

export const SEED_PASSWORD = 'MatKhau2026';

export interface SeedPage {
  butLuc: number | null;
  suffix?: string;
  blank?: boolean;
  status?: 'DONE' | 'FAILED' | 'SPLIT';
  manualButLuc?: number | null;
}

const numbered = (...bl: number[]): SeedPage[] => bl.map((butLuc) => ({ butLuc }));

interface SeedCase {
  key: string;
  unit: 'P' | 'D1' | 'D2' | 'D3';
  kind: CaseKind;
  stage: CaseStage;
  createdOn: string;
  /** [status, day] in order; the last one is the current status. */
  transitions: Array<[DigitizationStatus, string]>;
  pages: SeedPage[];
  caoTrang?: boolean;
  hearings?: string[];
}

export function provinceCases(year: number): SeedCase[] {
  const d = (md: string) => `${year}-${md}`;
  const approvedOn = (md: string): Array<[DigitizationStatus, string]> => [
    ['SCANNING', d('01-02')],
    ['PROCESSING', d('01-03')],
    ['AWAITING_REVIEW', d('01-04')],
    ['REVIEWED', d('01-05')],
    ['APPROVED', d(md)],
  ];
  return [
    // D1: approved in March; 5 pages on 4 sheets (1, 2, 2a, 3 and a blank back); one hearing
    // before the approval (not with a digitized file), one after (with).
    {
      key: 'A',
      unit: 'D1',
      kind: 'criminal',
      stage: 'FIRST_INSTANCE',
      createdOn: d('01-15'),
      transitions: approvedOn('03-10'),
      pages: [
        { butLuc: 1 },
        { butLuc: 2 },
        { butLuc: 2, suffix: 'a' },
        { butLuc: null, blank: true },
        { butLuc: 3 },
      ],
      hearings: [d('02-01'), d('04-02')],
    },
    // D1: under review, 3 pages of which one failed OCR; still investigated (not indicted).
    {
      key: 'B',
      unit: 'D1',
      kind: 'criminal',
      stage: 'INVESTIGATION',
      createdOn: d('02-10'),
      transitions: [
        ['SCANNING', d('02-11')],
        ['PROCESSING', d('02-12')],
        ['AWAITING_REVIEW', d('02-13')],
      ],
      pages: [{ butLuc: 1 }, { butLuc: 2 }, { butLuc: null, status: 'FAILED' }],
    },
    // D2: indicted, reviewed but never approved.
    {
      key: 'C',
      unit: 'D2',
      kind: 'criminal',
      stage: 'PROSECUTION',
      createdOn: d('03-05'),
      transitions: approvedOn('03-06').slice(0, 4),
      pages: numbered(1, 2),
    },
    // D2: a civil case approved in May: 2 pages, one sheet (a human set the second page's bút
    // lục to 1, its front); a page replaced by a split is not counted.
    {
      key: 'D',
      unit: 'D2',
      kind: 'civil',
      stage: 'FIRST_INSTANCE',
      createdOn: d('04-01'),
      transitions: approvedOn('05-05'),
      pages: [{ butLuc: 1 }, { butLuc: 7, manualButLuc: 1 }, { butLuc: 9, status: 'SPLIT' }],
    },
    // D3: received and approved the year before; closed, indicted by its Cáo trạng.
    {
      key: 'E',
      unit: 'D3',
      kind: 'criminal',
      stage: 'CLOSED',
      createdOn: `${year - 1}-11-01`,
      transitions: [
        ['SCANNING', `${year - 1}-11-02`],
        ['PROCESSING', `${year - 1}-11-03`],
        ['AWAITING_REVIEW', `${year - 1}-11-04`],
        ['REVIEWED', `${year - 1}-11-05`],
        ['APPROVED', `${year - 1}-12-01`],
      ],
      pages: numbered(1, 2),
      caoTrang: true,
    },
    // D3: approved in February, heard in March with the digitized file, reopened in June.
    {
      key: 'F',
      unit: 'D3',
      kind: 'criminal',
      stage: 'FIRST_INSTANCE',
      createdOn: d('01-20'),
      transitions: [...approvedOn('02-01'), ['AWAITING_REVIEW', d('06-01')]],
      pages: numbered(1, 2, 3),
      hearings: [d('03-01')],
    },
    // P: the province's own appeal case, approved in July, one page.
    {
      key: 'G',
      unit: 'P',
      kind: 'criminal',
      stage: 'APPEAL',
      createdOn: d('06-15'),
      transitions: approvedOn('07-01'),
      pages: numbered(1),
    },
  ];
}

const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

/** Seeds the province; returns unit ids, user ids (by username) and case ids (by key). */
export async function seedProvince({
  deps,
  year,
  passwordCost = 10,
}: {
  deps: ServerDependencies;
  year: number;
  passwordCost?: number;
}) {
  const db = deps.db;
  const units: Record<'P' | 'D1' | 'D2' | 'D3', string> = { P: '', D1: '', D2: '', D3: '' };
  units.P = (
    await deps.unitsRepository.create({
      unit: { code: 'VKS-HT', name: 'VKSND tỉnh Hà Tĩnh', level: 'PROVINCIAL', parentId: null },
    })
  ).unit.id;
  for (const [key, code, name] of [
    ['D1', 'KV1', 'VKSND khu vực 1'],
    ['D2', 'KV2', 'VKSND khu vực 2'],
    ['D3', 'KV3', 'VKSND khu vực 3'],
  ] as const) {
    units[key] = (
      await deps.unitsRepository.create({
        unit: { code, name, level: 'REGIONAL', parentId: units.P },
      })
    ).unit.id;
  }
  const { hash } = await hashPassword({ password: SEED_PASSWORD, cost: passwordCost });
  const users: Record<string, string> = {};
  const people: Array<[string, keyof typeof units, Role[], string]> = [
    ['bcd', 'P', ['STEERING'], 'Trần Văn Chỉ Đạo'],
    ['vientruong', 'P', ['LEADER'], 'Lê Thị Viện Trưởng'],
    ['ksv-tinh', 'P', ['PROSECUTOR'], 'Phạm Kiểm Sát'],
    ['vt-kv1', 'D1', ['LEADER'], 'Nguyễn Văn Một'],
    ['ksv-kv1', 'D1', ['PROSECUTOR'], 'Hoàng Thị Kiểm'],
    ['vt-kv2', 'D2', ['LEADER'], 'Đỗ Văn Hai'],
    ['bcd-kv3', 'D3', ['STEERING'], 'Vũ Thị Ba'],
  ];
  for (const [username, unit, roles, fullName] of people) {
    users[username] = (
      await deps.usersRepository.create({
        user: { unitId: units[unit], username, fullName, roles, passwordHash: hash },
      })
    ).user.id;
  }
  const cases: Record<string, string> = {};
  for (const c of provinceCases(year)) {
    const {
      case: { id: caseId },
    } = await deps.casesRepository.create({
      fields: {
        unitId: units[c.unit],
        title: `Vụ án ${c.key}`,
        kind: c.kind,
        nationalCode: null,
        internalNumber: `${c.key}/${year}`,
        charges: [],
        stage: c.stage,
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: null,
      assigneeIds: [],
      now: at(c.createdOn, 8),
    });
    cases[c.key] = caseId;
    let from: DigitizationStatus = 'RECEIVED';
    for (const [to, day] of c.transitions) {
      await db
        .insertInto('digitization_transitions')
        .values({
          id: generateId({ prefix: 'dgt' }),
          case_id: caseId,
          from_status: from,
          to_status: to,
          actor_id: null,
          reason: null,
          automatic: false,
          checklist: null,
          created_at: at(day),
        })
        .execute();
      from = to;
    }
    await db
      .updateTable('cases')
      .set({ digitization_status: from })
      .where('id', '=', caseId)
      .execute();
    await seedPages({ deps, caseId, pages: c.pages });
    if (c.caoTrang) {
      const volumeId = (
        await db
          .selectFrom('volumes')
          .select('id')
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto('documents')
        .values({
          id: generateId({ prefix: 'doc' }),
          case_id: caseId,
          volume_id: volumeId,
          position: 0,
          first_seq: 1,
          last_seq: 1,
          type_code: 'CAO_TRANG',
        })
        .execute();
    }
    for (const heldOn of c.hearings ?? []) {
      await deps.hearingsRepository.insert({
        hearing: {
          caseId,
          unitId: units[c.unit],
          heldOn,
          court: 'TAND khu vực',
          presenterId: null,
          itemsShown: [],
          createdBy: users['ksv-kv1']!,
        },
      });
    }
  }
  return { units, users, cases };
}

async function seedPages({
  deps,
  caseId,
  pages,
}: {
  deps: ServerDependencies;
  caseId: string;
  pages: SeedPage[];
}) {
  const db = deps.db;
  const { volume } = await deps.volumesRepository.create({ caseId, number: 1, title: null });
  const sourceId = generateId({ prefix: 'src' });
  await db
    .insertInto('source_files')
    .values({
      id: sourceId,
      case_id: caseId,
      volume_id: volume.id,
      sha256: caseId
        .slice(-12)
        .replace(/[^0-9a-f]/g, 'a')
        .padEnd(64, '0'),
      blob_key: 'none',
      original_name: 'scan.pdf',
      media_type: 'application/pdf',
      size_bytes: 1,
    })
    .execute();
  for (const [i, p] of pages.entries()) {
    await db
      .insertInto('pages')
      .values({
        id: generateId({ prefix: 'pg' }),
        case_id: caseId,
        volume_id: volume.id,
        source_file_id: sourceId,
        source_index: i,
        seq: i + 1,
        status: p.status ?? 'DONE',
        but_luc: p.butLuc,
        but_luc_suffix: p.suffix ?? null,
        is_blank: p.blank ?? false,
        ...(p.manualButLuc !== undefined
          ? { manual: JSON.stringify({ butLuc: p.manualButLuc }) }
          : {}),
      })
      .execute();
  }
}
