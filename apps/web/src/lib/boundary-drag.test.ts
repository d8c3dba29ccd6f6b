import { describe, expect, it } from 'vitest';
import { dropPageOnDocument, type DocumentSpan } from './boundary-drag.ts';

const DOCS: DocumentSpan[] = [
  { id: 'doc_a', volume: 1, pageIds: ['p1', 'p2', 'p3'] },
  { id: 'doc_b', volume: 1, pageIds: ['p4', 'p5'] },
  { id: 'doc_c', volume: 1, pageIds: ['p6', 'p7', 'p8'] },
  { id: 'doc_d', volume: 2, pageIds: ['q1', 'q2'] },
];
const drop = (pageId: string, targetId: string) =>
  dropPageOnDocument({ documents: DOCS, pageId, targetId });

describe('drag a page onto a neighbouring document', () => {
  it('a page of the previous document: the target starts there', () => {
    expect(drop('p3', 'doc_b')).toEqual({
      kind: 'move',
      edit: { op: 'moveBoundary', documentId: 'doc_b', toPageId: 'p3' },
      pages: 1,
    });
    expect(drop('p2', 'doc_b')).toMatchObject({ edit: { toPageId: 'p2' }, pages: 2 });
  });

  it('a page of the next document: the next one starts after it', () => {
    expect(drop('p6', 'doc_b')).toEqual({
      kind: 'move',
      edit: { op: 'moveBoundary', documentId: 'doc_c', toPageId: 'p7' },
      pages: 1,
    });
    expect(drop('p7', 'doc_b')).toMatchObject({
      edit: { documentId: 'doc_c', toPageId: 'p8' },
      pages: 2,
    });
  });

  it('refuses moves that would empty a document, cross volumes or skip a document', () => {
    expect(drop('p1', 'doc_b')).toEqual({ kind: 'invalid', reason: 'would_empty' });
    expect(drop('p8', 'doc_b')).toEqual({ kind: 'invalid', reason: 'would_empty' });
    expect(drop('p2', 'doc_c')).toEqual({ kind: 'invalid', reason: 'not_neighbour' });
    expect(drop('q1', 'doc_c')).toEqual({ kind: 'invalid', reason: 'not_neighbour' });
    expect(drop('p7', 'doc_d')).toEqual({ kind: 'invalid', reason: 'not_neighbour' });
    expect(drop('zz', 'doc_b')).toEqual({ kind: 'invalid', reason: 'unknown_page' });
    expect(drop('p4', 'doc_b')).toEqual({ kind: 'same' });
  });
});
