import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors/errors.ts';
import { checkEntryNames, findDanglingReference } from './transfer.checks.ts';
import {
  isManifestIntact,
  manifestSchema,
  sealManifest,
  type Manifest,
  type ManifestBody,
} from './transfer.manifest.ts';
import { compareWithManifest } from './transfer.verify.ts';

const body = {
  format: 'sohoa-package/1',
  generator: { name: 'sohoa', version: '0.1.0' },
  createdAt: '2026-01-01T00:00:00.000Z',
  origin: { unit: { code: 'HN', name: 'Hà Nội' }, exportedBy: null },
  case: { id: 'case_abc', title: 'Vụ án Nguyễn Văn A' },
  volumes: [],
  sources: [],
  pages: { entry: 'pages.jsonl', count: 2 },
  documents: [
    { id: 'doc_1', firstSeq: 1, lastSeq: 2, butLucFrom: 1, butLucTo: 2, typeCode: 'KHAC' },
  ],
  edits: [],
  annotations: [],
  maps: [],
  exhibits: [],
  entries: [],
} as unknown as ManifestBody;

const codeOf = (fn: () => void): unknown[] | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return isDomainError(error) ? [error.code, error.details?.entry] : [error];
  }
};

describe('the manifest checksum', () => {
  it('holds for the manifest as written and through a JSON round trip with other white space', () => {
    const { manifest } = sealManifest({ body });
    const reparsed = JSON.parse(JSON.stringify(manifest, null, 4)) as Record<string, unknown>;
    expect(isManifestIntact({ parsed: reparsed })).toBe(true);
  });

  it('breaks when any value is edited, even deep inside', () => {
    const { manifest } = sealManifest({ body });
    const edited = JSON.parse(
      JSON.stringify(manifest).replace('Nguyễn Văn A', 'Nguyễn Văn B'),
    ) as Record<string, unknown>;
    expect(isManifestIntact({ parsed: edited })).toBe(false);
    const { integrity: _dropped, ...unsealed } = manifest;
    expect(isManifestIntact({ parsed: unsealed })).toBe(false);
  });
});

describe('entry names of a package', () => {
  it('accepts the manifest, pages, content-addressed blobs and plain top-level extra files', () => {
    expect(
      codeOf(() =>
        checkEntryNames({
          names: [
            'manifest.json',
            'pages.jsonl',
            `blobs/${'a'.repeat(64)}`,
            'case.pdf',
            'muc-luc.docx',
          ],
        }),
      ),
    ).toBeNull();
  });

  it.each([
    ['../evil'],
    ['/etc/passwd'],
    ['blobs/../../x'],
    ['blobs/not-a-hash'],
    ['folder/file.pdf'],
    ['.hidden'],
    ['C:\\windows'],
  ])('refuses %s, naming it', (name) => {
    expect(codeOf(() => checkEntryNames({ names: ['manifest.json', name] }))).toEqual([
      'package.unsafe_entry',
      name,
    ]);
  });

  it('refuses a ZIP without manifest as another format', () => {
    expect(codeOf(() => checkEntryNames({ names: ['case.pdf'] }))?.[0]).toBe(
      'package.unsupported_format',
    );
  });
});

describe('the check after import', () => {
  const { manifest } = sealManifest({ body });
  const stored = {
    pages: [
      { id: 'pg_1', but_luc: 1 },
      { id: 'pg_2', but_luc: 2 },
    ],
    documents: [
      { id: 'doc_1', first_seq: 1, last_seq: 2, but_luc_from: 1, but_luc_to: 2, type_code: 'KHAC' },
    ],
    volumes: 0,
    sources: 0,
    edits: 0,
    annotations: 0,
    maps: 0,
    exhibits: 0,
  };
  const declared = new Map([
    ['pg_1', 1],
    ['pg_2', 2],
  ]);

  it('finds nothing when the case was stored as declared', () => {
    expect(compareWithManifest({ manifest, pageButLuc: declared, stored }).mismatches).toEqual([]);
  });

  it('names a page whose bút lục differs and a document whose range differs', () => {
    const { mismatches } = compareWithManifest({
      manifest,
      pageButLuc: declared,
      stored: {
        ...stored,
        pages: [stored.pages[0]!, { id: 'pg_2', but_luc: 3 }],
        documents: [{ ...stored.documents[0]!, last_seq: 1 }],
      },
    });
    expect(mismatches).toEqual([
      { what: 'page.butLuc', id: 'pg_2', expected: 2, found: 3 },
      {
        what: 'document',
        id: 'doc_1',
        expected: [1, 2, 1, 2, 'KHAC'],
        found: [1, 1, 1, 2, 'KHAC'],
      },
    ]);
  });
});

describe('packages written before maps and exhibits travelled', () => {
  it('read as a case without maps and without an exhibit list', () => {
    const { maps, exhibits } = manifestSchema.pick({ maps: true, exhibits: true }).parse({});
    expect([maps, exhibits]).toEqual([[], []]);
  });
});

describe('references inside a package', () => {
  const manifest = {
    ...body,
    volumes: [{ id: 'vol_1' }],
    sources: [{ id: 'src_1', volumeId: 'vol_1' }],
    documents: [{ id: 'doc_1', volumeId: 'vol_1', anchorPageId: 'pg_1' }],
    annotations: [{ id: 'ann_1', pageId: 'pg_2', documentId: 'doc_1' }],
    exhibits: [{ id: 'ex_1', pageId: 'pg_1', secondPageId: null }],
  } as unknown as Manifest;
  const pageIds = new Set(['pg_1', 'pg_2']);

  it('finds none in a whole case', () => {
    expect(findDanglingReference({ manifest, pageIds })).toBeNull();
  });

  it('names the row of the manifest and what it lacks', () => {
    expect(
      findDanglingReference({
        manifest: {
          ...manifest,
          exhibits: [{ ...manifest.exhibits[0]!, secondPageId: 'pg_9' }],
        },
        pageIds,
      }),
    ).toEqual({ entry: 'manifest.json#exhibits/ex_1', problem: 'page pg_9 is not in the package' });
    expect(findDanglingReference({ manifest, pageIds: new Set(['pg_1']) })).toEqual({
      entry: 'manifest.json#annotations/ann_1',
      problem: 'page pg_2 is not in the package',
    });
    expect(
      findDanglingReference({
        manifest: { ...manifest, documents: [{ ...manifest.documents[0]!, volumeId: 'vol_x' }] },
        pageIds,
      }),
    ).toEqual({
      entry: 'manifest.json#documents/doc_1',
      problem: 'volume vol_x is not in the package',
    });
    expect(
      findDanglingReference({
        manifest: {
          ...manifest,
          annotations: [{ ...manifest.annotations[0]!, documentId: 'doc_x' }],
        },
        pageIds,
      }),
    ).toEqual({
      entry: 'manifest.json#annotations/ann_1',
      problem: 'document doc_x is not in the package',
    });
  });
});
