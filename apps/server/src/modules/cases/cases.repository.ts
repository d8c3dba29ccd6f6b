import type {
  Case,
  CaseKind,
  CaseStage,
  Charge,
  Confidentiality,
  DigitizationStatus,
  Party,
} from '@sohoa/contracts';
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { CasesTable, Database } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';
import { createNationalCodeTakenError } from './cases.errors.ts';

export type CasesRepository = ReturnType<typeof createCasesRepository>;

export interface CaseFields {
  unitId: string;
  title: string;
  kind: CaseKind;
  nationalCode: string | null;
  internalNumber: string | null;
  charges: Charge[];
  stage: CaseStage;
  confidentiality: Confidentiality;
  parties: Party[];
}

export interface CaseListFilter {
  scope: {
    assignedTo: string;
    ownUnitId: string;
    ownUnitAllLevels: boolean;
    ownUnitNormal: boolean;
    descendantsNormal: boolean;
    descendantUnitIds: string[];
  };
  kind?: CaseKind;
  stage?: CaseStage;
  unitId?: string;
  digitizationStatus?: DigitizationStatus;
  assignedToMe?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * The cases `scope` (from the access policy's caseListScope) may see, as a WHERE condition on
 * `cases`. Shared by the case list and search so that both hide exactly the same cases.
 */
export function visibleCasesWhere(scope: CaseListFilter['scope']) {
  return (eb: ExpressionBuilder<Database, 'cases'>) =>
    eb.or([
      eb(
        'cases.id',
        'in',
        eb.selectFrom('case_assignments').select('case_id').where('user_id', '=', scope.assignedTo),
      ),
      ...(scope.ownUnitAllLevels
        ? [eb('cases.unit_id', '=', scope.ownUnitId)]
        : scope.ownUnitNormal
          ? [
              eb.and([
                eb('cases.unit_id', '=', scope.ownUnitId),
                eb('cases.confidentiality', '=', 'NORMAL'),
              ]),
            ]
          : []),
      ...(scope.descendantsNormal && scope.descendantUnitIds.length > 0
        ? [
            eb.and([
              eb('cases.unit_id', 'in', scope.descendantUnitIds),
              eb('cases.confidentiality', '=', 'NORMAL'),
            ]),
          ]
        : []),
    ]);
}

/** Title, codes and party names in one string, folded by SQL (f_fold) for diacritic-blind search. */
const searchTextOf = (
  c: Pick<CaseFields, 'title' | 'nationalCode' | 'internalNumber' | 'parties' | 'charges'>,
) =>
  [
    c.title,
    c.nationalCode,
    c.internalNumber,
    ...c.parties.map((p) => p.fullName),
    ...c.charges.map((ch) => ch.name),
  ]
    .filter(Boolean)
    .join(' \u2022 ');

function toCase(row: Selectable<CasesTable>, parties: Party[], assigneeIds: string[]): Case {
  return {
    id: row.id,
    unitId: row.unit_id,
    nationalCode: row.national_code,
    internalNumber: row.internal_number,
    kind: row.kind as CaseKind,
    title: row.title,
    charges: row.charges,
    stage: row.stage as CaseStage,
    confidentiality: row.confidentiality as Confidentiality,
    digitizationStatus: row.digitization_status as DigitizationStatus,
    parties,
    assigneeIds,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function createCasesRepository({ db }: { db: Db }) {
  async function hydrate(rows: Selectable<CasesTable>[], trx: Db = db): Promise<Case[]> {
    if (rows.length === 0) {
      return [];
    }
    const ids = rows.map((r) => r.id);
    const [parties, assignments] = await Promise.all([
      trx
        .selectFrom('case_parties')
        .selectAll()
        .where('case_id', 'in', ids)
        .orderBy('position')
        .execute(),
      trx
        .selectFrom('case_assignments')
        .selectAll()
        .where('case_id', 'in', ids)
        .orderBy('assigned_at')
        .execute(),
    ]);
    return rows.map((row) =>
      toCase(
        row,
        parties
          .filter((p) => p.case_id === row.id)
          .map((p) => ({ fullName: p.full_name, roleCode: p.role_code })),
        assignments.filter((a) => a.case_id === row.id).map((a) => a.user_id),
      ),
    );
  }

  async function replaceParties({
    trx,
    caseId,
    parties,
  }: {
    trx: Db;
    caseId: string;
    parties: Party[];
  }) {
    await trx.deleteFrom('case_parties').where('case_id', '=', caseId).execute();
    if (parties.length > 0) {
      await trx
        .insertInto('case_parties')
        .values(
          parties.map((p, i) => ({
            id: generateId({ prefix: 'pty' }),
            case_id: caseId,
            position: i,
            full_name: p.fullName,
            role_code: p.roleCode,
          })),
        )
        .execute();
    }
  }

  const translate = (error: unknown): never => {
    if (isUniqueViolation(error, 'cases_national_code_key')) {
      throw createNationalCodeTakenError({ cause: error });
    }
    throw error;
  };

  async function getById({ caseId, trx = db }: { caseId: string; trx?: Db }) {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const [found] = row ? await hydrate([row], trx) : [];
    return { case: found ?? null };
  }

  return {
    getById,

    async create({
      fields,
      createdBy,
      assigneeIds,
      now = new Date(),
    }: {
      fields: CaseFields;
      createdBy: string | null;
      assigneeIds: string[];
      now?: Date;
    }) {
      const id = generateId({ prefix: 'case' });
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('cases')
            .values({
              id,
              unit_id: fields.unitId,
              title: fields.title,
              kind: fields.kind,
              national_code: fields.nationalCode,
              internal_number: fields.internalNumber,
              charges: JSON.stringify(fields.charges),
              stage: fields.stage,
              confidentiality: fields.confidentiality,
              search_text: searchTextOf(fields),
              created_by: createdBy,
              created_at: now,
              updated_at: now,
            })
            .execute();
          await replaceParties({ trx, caseId: id, parties: fields.parties });
          if (assigneeIds.length > 0) {
            await trx
              .insertInto('case_assignments')
              .values(
                assigneeIds.map((userId) => ({
                  case_id: id,
                  user_id: userId,
                  assigned_by: createdBy,
                  assigned_at: now,
                })),
              )
              .execute();
          }
        });
      } catch (error) {
        translate(error);
      }
      const { case: created } = await getById({ caseId: id });
      return { case: created! };
    },

    async update({
      caseId,
      changes,
      now = new Date(),
    }: {
      caseId: string;
      changes: Partial<Omit<CaseFields, 'unitId' | 'kind'>>;
      now?: Date;
    }) {
      try {
        await db.transaction().execute(async (trx) => {
          const current = await getById({ caseId, trx });
          if (!current.case) {
            return;
          }
          const merged = { ...current.case, ...changes };
          await trx
            .updateTable('cases')
            .set({
              updated_at: now,
              title: merged.title,
              national_code: merged.nationalCode,
              internal_number: merged.internalNumber,
              charges: JSON.stringify(merged.charges),
              stage: merged.stage,
              confidentiality: merged.confidentiality,
              search_text: searchTextOf(merged),
            })
            .where('id', '=', caseId)
            .execute();
          if (changes.parties) {
            await replaceParties({ trx, caseId, parties: changes.parties });
          }
        });
      } catch (error) {
        translate(error);
      }
      return getById({ caseId });
    },

    async setAssignees({
      caseId,
      assigneeIds,
      assignedBy,
      now = new Date(),
    }: {
      caseId: string;
      assigneeIds: string[];
      assignedBy: string;
      now?: Date;
    }) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('case_assignments').where('case_id', '=', caseId).execute();
        if (assigneeIds.length > 0) {
          await trx
            .insertInto('case_assignments')
            .values(
              assigneeIds.map((userId) => ({
                case_id: caseId,
                user_id: userId,
                assigned_by: assignedBy,
                assigned_at: now,
              })),
            )
            .execute();
        }
        await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', caseId).execute();
      });
      return getById({ caseId });
    },

    /** Soft delete: the rows stay for the audit trail and the originals stay immutable. */
    async softDelete({ caseId, now = new Date() }: { caseId: string; now?: Date }) {
      await db
        .updateTable('cases')
        .set({ deleted_at: now, national_code: null })
        .where('id', '=', caseId)
        .execute();
    },

    async list(filter: CaseListFilter): Promise<{ items: Case[]; total: number }> {
      const { scope } = filter;
      let query = db
        .selectFrom('cases')
        .where('deleted_at', 'is', null)
        .where(visibleCasesWhere(scope));
      if (filter.kind) {
        query = query.where('kind', '=', filter.kind);
      }
      if (filter.stage) {
        query = query.where('stage', '=', filter.stage);
      }
      if (filter.unitId) {
        query = query.where('unit_id', '=', filter.unitId);
      }
      if (filter.digitizationStatus) {
        query = query.where('digitization_status', '=', filter.digitizationStatus);
      }
      if (filter.assignedToMe) {
        query = query.where(
          'id',
          'in',
          db
            .selectFrom('case_assignments')
            .select('case_id')
            .where('user_id', '=', scope.assignedTo),
        );
      }
      if (filter.q) {
        const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        query = query.where(sql<boolean>`f_fold(search_text) LIKE f_fold(${pattern})`);
      }
      const [countRow, rows] = await Promise.all([
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        query
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(filter.pageSize)
          .offset((filter.page - 1) * filter.pageSize)
          .execute(),
      ]);
      return { items: await hydrate(rows), total: Number(countRow.n) };
    },
  };
}
