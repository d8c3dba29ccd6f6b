import type { PackageImportReport } from '@sohoa/contracts';
import type { Manifest } from './transfer.manifest.ts';

type Mismatch = PackageImportReport['mismatches'][number];

/** What was read back after an import (see TransferRepository.readBack). */
export interface StoredCase {
  pages: Array<{ id: string; but_luc: number | null }>;
  documents: Array<{
    id: string;
    first_seq: number;
    last_seq: number;
    but_luc_from: number | null;
    but_luc_to: number | null;
    type_code: string;
  }>;
  volumes: number;
  sources: number;
  edits: number;
  annotations: number;
  maps: number;
  exhibits: number;
}

/**
 * Compares what the database holds after an import with what the package declared: counts, each
 * page's bút lục, each document's range and type. Empty when the case was recreated exactly.
 */
export function compareWithManifest({
  manifest,
  pageButLuc,
  stored,
}: {
  manifest: Manifest;
  pageButLuc: ReadonlyMap<string, number | null>;
  stored: StoredCase;
}): { mismatches: Mismatch[] } {
  const mismatches: Mismatch[] = [];
  const count = (what: string, expected: number, found: number) => {
    if (expected !== found) {
      mismatches.push({ what, id: null, expected, found });
    }
  };
  count('pages', manifest.pages.count, stored.pages.length);
  count('volumes', manifest.volumes.length, stored.volumes);
  count('sources', manifest.sources.length, stored.sources);
  count('documents', manifest.documents.length, stored.documents.length);
  count('edits', manifest.edits.length, stored.edits);
  count('annotations', manifest.annotations.length, stored.annotations);
  count('maps', manifest.maps.length, stored.maps);
  count('exhibits', manifest.exhibits.length, stored.exhibits);
  const storedPages = new Map(stored.pages.map((p) => [p.id, p.but_luc]));
  for (const [id, butLuc] of pageButLuc) {
    if (!storedPages.has(id)) {
      mismatches.push({ what: 'page', id, expected: butLuc, found: null });
    } else if (storedPages.get(id) !== butLuc) {
      mismatches.push({ what: 'page.butLuc', id, expected: butLuc, found: storedPages.get(id) });
    }
  }
  const storedDocs = new Map(stored.documents.map((d) => [d.id, d]));
  for (const d of manifest.documents) {
    const found = storedDocs.get(d.id);
    const expected = [d.firstSeq, d.lastSeq, d.butLucFrom, d.butLucTo, d.typeCode];
    const actual = found
      ? [found.first_seq, found.last_seq, found.but_luc_from, found.but_luc_to, found.type_code]
      : null;
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      mismatches.push({ what: 'document', id: d.id, expected, found: actual });
    }
  }
  return { mismatches };
}
