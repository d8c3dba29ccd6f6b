import type { Db } from '../database/database.ts';

export type TimelineRepository = ReturnType<typeof createTimelineRepository>;

export interface ProcedureSettingsRow {
  crimeCategory: string | null;
  nearWorkingDays: number | null;
  updatedAt: Date | null;
}

/** Procedure settings of cases (crime category override, "near" threshold). */
export function createTimelineRepository({ db }: { db: Db }) {
  return {
    async getSettings({ caseId }: { caseId: string }): Promise<{ settings: ProcedureSettingsRow }> {
      const row = await db
        .selectFrom('case_procedure_settings')
        .select(['crime_category', 'near_working_days', 'updated_at'])
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      return {
        settings: {
          crimeCategory: row?.crime_category ?? null,
          nearWorkingDays: row?.near_working_days ?? null,
          updatedAt: row?.updated_at ?? null,
        },
      };
    },

    /** Sets the given fields (undefined = unchanged, null = cleared). */
    async saveSettings({
      caseId,
      changes,
      updatedBy,
      now = new Date(),
    }: {
      caseId: string;
      changes: { crimeCategory?: string | null; nearWorkingDays?: number | null };
      updatedBy: string;
      now?: Date;
    }) {
      const values = {
        ...(changes.crimeCategory !== undefined ? { crime_category: changes.crimeCategory } : {}),
        ...(changes.nearWorkingDays !== undefined
          ? { near_working_days: changes.nearWorkingDays }
          : {}),
        updated_by: updatedBy,
        updated_at: now,
      };
      await db
        .insertInto('case_procedure_settings')
        .values({ case_id: caseId, ...values })
        .onConflict((oc) => oc.column('case_id').doUpdateSet(values))
        .execute();
      return this.getSettings({ caseId });
    },
  };
}
