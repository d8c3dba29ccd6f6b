import { describe, expect, it } from 'vitest';
import {
  applyReviewEdits,
  boundariesFromEdits,
  type ReviewableDocument,
} from './documents.review.ts';

const doc = (anchorPageId: string, typeCode = 'KHAC'): ReviewableDocument => ({
  anchorPageId,
  typeCode,
  title: null,
  number: null,
  issuedOn: null,
  issuer: null,
  signer: null,
  notes: null,
  sectionCode: null,
  persons: [],
  edited: [],
});

describe('boundariesFromEdits', () => {
  it('lets the latest edit of a page win, whichever way a boundary moved', () => {
    expect(
      boundariesFromEdits([
        { id: 'e1', edit: { op: 'split', pageId: 'p3' } },
        { id: 'e2', edit: { op: 'merge', pageIds: ['p3', 'p6'] } },
        { id: 'e3', edit: { op: 'moveBoundary', fromPageId: 'p9', toPageId: 'p8' } },
        { id: 'e4', edit: { op: 'split', pageId: 'p6' } },
      ]),
    ).toEqual({ starts: ['p6', 'p8'], continues: ['p3', 'p9'] });
  });
});

describe('applyReviewEdits', () => {
  it('applies types, fields and order to the documents they anchor on', () => {
    const { documents, notApplied } = applyReviewEdits({
      documents: [doc('a'), doc('b'), doc('c')],
      edits: [
        { id: 'e1', edit: { op: 'setType', anchorPageId: 'b', typeCode: 'CAO_TRANG' } },
        {
          id: 'e2',
          edit: {
            op: 'editMetadata',
            anchorPageId: 'b',
            fields: { number: '5/CT-VKS', date: '2023-01-02' },
          },
        },
        { id: 'e3', edit: { op: 'editMetadata', anchorPageId: 'b', fields: { number: null } } },
        { id: 'e4', edit: { op: 'reorder', anchorPageId: 'c', afterAnchorPageId: null } },
        { id: 'e5', edit: { op: 'reorder', anchorPageId: 'a', afterAnchorPageId: 'b' } },
        { id: 'e6', edit: { op: 'setType', anchorPageId: 'gone', typeCode: 'CAO_TRANG' } },
      ],
    });
    expect(documents.map((d) => d.anchorPageId)).toEqual(['c', 'b', 'a']);
    expect(documents[1]).toMatchObject({
      typeCode: 'CAO_TRANG',
      number: null,
      issuedOn: '2023-01-02',
      edited: ['type', 'number', 'date'],
    });
    expect(notApplied).toEqual(['e6']);
  });
});
