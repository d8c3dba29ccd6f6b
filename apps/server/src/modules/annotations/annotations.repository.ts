import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type AnnotationsRepository = ReturnType<typeof createAnnotationsRepository>;

/** Stored kinds (0007): REGION, WORDS, NOTE; HIGHLIGHT is a legacy region from older packages. */
export type StoredAnnotationKind = 'REGION' | 'WORDS' | 'NOTE' | 'HIGHLIGHT';
export type StoredVisibility = 'PRIVATE' | 'TEAM';

export interface AnnotationInsert {
  caseId: string;
  pageId: string;
  authorId: string;
  kind: StoredAnnotationKind;
  region: Record<string, unknown>;
  body: string | null;
  color: string;
  visibility: StoredVisibility;
}

const columns = [
  'annotations.id',
  'annotations.case_id',
  'annotations.page_id',
  'annotations.author_id',
  'annotations.kind',
  'annotations.region',
  'annotations.body',
  'annotations.color',
  'annotations.visibility',
  'annotations.created_at',
  'annotations.updated_at',
  'users.full_name as author_name',
  'pages.seq as page_seq',
  'pages.but_luc as page_but_luc',
  'pages.manual as page_manual',
  'volumes.number as page_volume',
] as const;

export function createAnnotationsRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .selectFrom('annotations')
      .innerJoin('users', 'users.id', 'annotations.author_id')
      .innerJoin('pages', 'pages.id', 'annotations.page_id')
      .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
      .select(columns)
      .where('annotations.deleted_at', 'is', null);

  return {
    async insert({ annotation, now = new Date() }: { annotation: AnnotationInsert; now?: Date }) {
      const id = generateId({ prefix: 'ann' });
      await db
        .insertInto('annotations')
        .values({
          id,
          case_id: annotation.caseId,
          page_id: annotation.pageId,
          document_id: null,
          author_id: annotation.authorId,
          kind: annotation.kind,
          region: JSON.stringify(annotation.region),
          body: annotation.body,
          color: annotation.color,
          visibility: annotation.visibility,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id };
    },

    async getById({ caseId, annotationId }: { caseId: string; annotationId: string }) {
      const row = await base()
        .where('annotations.case_id', '=', caseId)
        .where('annotations.id', '=', annotationId)
        .executeTakeFirst();
      return { annotation: row ?? null };
    },

    /**
     * The annotations `viewerId` may see in a case: every shared one and their own private ones,
     * in page order. `documentId` keeps those on the document's pages (its volume and scan range).
     */
    async listVisible({
      caseId,
      viewerId,
      pageId,
      pageIds,
      documentId,
      authorId,
      visibility,
    }: {
      caseId: string;
      viewerId: string;
      pageId?: string | undefined;
      pageIds?: readonly string[] | undefined;
      documentId?: string | undefined;
      authorId?: string | undefined;
      visibility?: StoredVisibility | undefined;
    }) {
      let query = base()
        .where('annotations.case_id', '=', caseId)
        .where((eb) =>
          eb.or([
            eb('annotations.visibility', '=', 'TEAM'),
            eb('annotations.author_id', '=', viewerId),
          ]),
        );
      if (pageId) {
        query = query.where('annotations.page_id', '=', pageId);
      }
      if (pageIds) {
        if (pageIds.length === 0) {
          return { annotations: [] };
        }
        query = query.where('annotations.page_id', 'in', [...pageIds]);
      }
      if (documentId) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('documents')
              .select(sql<number>`1`.as('one'))
              .where('documents.id', '=', documentId)
              .where('documents.case_id', '=', caseId)
              .whereRef('documents.volume_id', '=', 'pages.volume_id')
              .whereRef('documents.first_seq', '<=', 'pages.seq')
              .whereRef('documents.last_seq', '>=', 'pages.seq'),
          ),
        );
      }
      if (authorId) {
        query = query.where('annotations.author_id', '=', authorId);
      }
      if (visibility) {
        query = query.where('annotations.visibility', '=', visibility);
      }
      const rows = await query
        .orderBy('volumes.number')
        .orderBy('pages.seq')
        .orderBy('annotations.created_at')
        .orderBy('annotations.id')
        .execute();
      return { annotations: rows };
    },

    async update({
      annotationId,
      changes,
      now = new Date(),
    }: {
      annotationId: string;
      changes: {
        region?: Record<string, unknown>;
        body?: string | null;
        color?: string;
        visibility?: StoredVisibility;
      };
      now?: Date;
    }) {
      await db
        .updateTable('annotations')
        .set({
          ...(changes.region !== undefined ? { region: JSON.stringify(changes.region) } : {}),
          ...(changes.body !== undefined ? { body: changes.body } : {}),
          ...(changes.color !== undefined ? { color: changes.color } : {}),
          ...(changes.visibility !== undefined ? { visibility: changes.visibility } : {}),
          updated_at: now,
        })
        .where('id', '=', annotationId)
        .execute();
    },

    /** Soft delete: the row stays for the audit trail and transfer packages. */
    async softDelete({ annotationId, now = new Date() }: { annotationId: string; now?: Date }) {
      await db
        .updateTable('annotations')
        .set({ deleted_at: now, updated_at: now })
        .where('id', '=', annotationId)
        .where('deleted_at', 'is', null)
        .execute();
    },
  };
}

export type AnnotationRow = NonNullable<
  Awaited<ReturnType<AnnotationsRepository['getById']>>['annotation']
>;
