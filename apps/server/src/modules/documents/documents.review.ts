/**
 * Replay of review corrections over a structuring result. Pure: the edit log (oldest first) and the
 * documents of one run in, the corrected documents out. Corrections are in page terms (a document
 * is anchored on its first page), so they apply to any later run whose pages are the same.
 */
import type { DocumentFields, StoredStructureEdit } from '@sohoa/contracts';

export interface ReviewEdit {
  id: string;
  edit: StoredStructureEdit;
}

/** The boundaries the edits set, for the structuring run (the latest edit of a page wins). */
export function boundariesFromEdits(edits: readonly ReviewEdit[]): {
  starts: string[];
  continues: string[];
} {
  const state = new Map<string, 'start' | 'continue'>();
  for (const { edit } of edits) {
    switch (edit.op) {
      case 'split':
        state.set(edit.pageId, 'start');
        break;
      case 'merge':
        for (const pageId of edit.pageIds) {
          state.set(pageId, 'continue');
        }
        break;
      case 'moveBoundary':
        // Pages between the old and the new first page change document, whichever way it moves.
        state.set(edit.fromPageId, 'continue');
        state.set(edit.toPageId, 'start');
        break;
      case 'setType':
      case 'editMetadata':
      case 'reorder':
        break;
    }
  }
  const starts: string[] = [];
  const continues: string[] = [];
  for (const [pageId, kind] of state) {
    (kind === 'start' ? starts : continues).push(pageId);
  }
  return { starts, continues };
}

export interface ReviewableDocument {
  anchorPageId: string;
  typeCode: string;
  title: string | null;
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  signer: string | null;
  notes: string | null;
  sectionCode: string | null;
  persons: Array<{ name: string; role: string }>;
  /** fields a person set (they win over every later automatic run) */
  edited: string[];
}

const FIELD_TO_DOCUMENT = {
  title: 'title',
  number: 'number',
  date: 'issuedOn',
  issuer: 'issuer',
  signer: 'signer',
  notes: 'notes',
  sectionCode: 'sectionCode',
  persons: 'persons',
} as const satisfies Record<keyof DocumentFields, keyof ReviewableDocument>;

/**
 * Applies type, metadata and order edits to the documents of a run (in scan order). Edits whose
 * document no longer exists (its first page now continues another) are reported as not applied.
 */
export function applyReviewEdits<T extends ReviewableDocument>({
  documents,
  edits,
}: {
  documents: readonly T[];
  edits: readonly ReviewEdit[];
}): { documents: T[]; notApplied: string[] } {
  const byAnchor = new Map(documents.map((d) => [d.anchorPageId, { ...d, edited: [...d.edited] }]));
  let order = documents.map((d) => d.anchorPageId);
  const notApplied: string[] = [];
  const markEdited = (doc: T, field: string) => {
    if (!doc.edited.includes(field)) {
      doc.edited.push(field);
    }
  };
  for (const { id, edit } of edits) {
    switch (edit.op) {
      case 'setType': {
        const doc = byAnchor.get(edit.anchorPageId);
        if (!doc) {
          notApplied.push(id);
          break;
        }
        doc.typeCode = edit.typeCode;
        markEdited(doc, 'type');
        break;
      }
      case 'editMetadata': {
        const doc = byAnchor.get(edit.anchorPageId);
        if (!doc) {
          notApplied.push(id);
          break;
        }
        for (const [field, value] of Object.entries(edit.fields) as Array<
          [keyof DocumentFields, unknown]
        >) {
          if (value === undefined) {
            continue;
          }
          const key = FIELD_TO_DOCUMENT[field];
          (doc as unknown as Record<string, unknown>)[key] = value;
          markEdited(doc, field === 'date' ? 'date' : field);
        }
        break;
      }
      case 'reorder': {
        const doc = byAnchor.get(edit.anchorPageId);
        const after = edit.afterAnchorPageId;
        if (!doc || (after !== null && !byAnchor.has(after)) || after === edit.anchorPageId) {
          notApplied.push(id);
          break;
        }
        order = order.filter((a) => a !== edit.anchorPageId);
        const at = after === null ? 0 : order.indexOf(after) + 1;
        order.splice(at, 0, edit.anchorPageId);
        markEdited(doc, 'position');
        break;
      }
      case 'split':
      case 'merge':
      case 'moveBoundary':
        // Applied by the structuring run itself (boundariesFromEdits).
        break;
    }
  }
  return { documents: order.map((a) => byAnchor.get(a)!), notApplied };
}
