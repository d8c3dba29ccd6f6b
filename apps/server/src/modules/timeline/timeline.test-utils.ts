import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

/** A structured document for tests: its type, date, pages and persons (as structuring stores them). */
export interface SeedDocument {
  typeCode: string;
  date: string | null;
  firstSeq: number;
  lastSeq: number;
  butLucFrom?: number | null;
  butLucTo?: number | null;
  number?: string | null;
  persons?: Array<{ name: string; role: string }>;
}

/**
 * Inserts documents of a case directly (the rows structuring writes, persons in metadata.persons),
 * so timeline tests do not depend on how the structuring module replaces a case's documents.
 */
export async function seedCaseDocuments({
  db,
  caseId,
  volumeId,
  documents,
}: {
  db: Db;
  caseId: string;
  volumeId: string;
  documents: readonly SeedDocument[];
}) {
  const now = new Date();
  for (const [position, d] of documents.entries()) {
    const id = generateId({ prefix: 'doc' });
    await db
      .insertInto('documents')
      .values({
        id,
        case_id: caseId,
        volume_id: volumeId,
        position,
        first_seq: d.firstSeq,
        last_seq: d.lastSeq,
        but_luc_from: d.butLucFrom ?? null,
        but_luc_to: d.butLucTo ?? null,
        type_code: d.typeCode,
        type_confidence: 0.9,
        section_code: null,
        title: null,
        number: d.number ?? null,
        issued_on: d.date,
        issuer: null,
        signer: null,
        signer_role: null,
        metadata: JSON.stringify({ persons: d.persons ?? [] }),
        origin: 'AUTO',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}
