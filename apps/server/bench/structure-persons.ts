/**
 * Persons benchmark (issue 4 §3–4): runs the pure `structureCase` on the ground-truth page texts of
 * every sample case (../shared/samples/<case>/ground_truth.json) and prints
 * - person precision / recall / F1 (a person matches on folded name + role code),
 * - signer accuracy (documents whose ground truth has a NGUOI_KY: same folded name),
 * - declarant-role accuracy (statements: the ground-truth person whose role has a section),
 * - section accuracy (sectionFor with the declarant role vs the section of the ground-truth type
 *   and declarant),
 * on the ground-truth segmentation (persons of each ground-truth document are compared with the
 * structured document that starts on the same page). With an OCR result cached by
 * `packages/processing/scripts/eval-structure.ts` (<dir>/<case>.analyze.json), the same figures on
 * OCR text are printed too.
 *
 *   npm run bench:persons [-- --verbose] [-- --ocr-dir /tmp/structure-eval]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERSON_ROLES, sectionFor } from '@sohoa/contracts';
import {
  fold,
  structureCase,
  type StructureCatalogue,
  type StructuredDocument,
  type StructurePage,
} from '@sohoa/processing';

const out = (line: string) => process.stdout.write(`${line}\n`);
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const samples =
  process.env.SOHOA_SAMPLES_DIR ??
  fileURLToPath(new URL('../../../../shared/samples', import.meta.url));
const ocrDir = option('ocr-dir', '/tmp/structure-eval');

if (!existsSync(samples)) {
  out(`bench:persons skipped: no sample cases at ${samples} (set SOHOA_SAMPLES_DIR).`);
  process.exit(0);
}

const catalogue = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL('../../../packages/contracts/domain/document-types.json', import.meta.url),
    ),
    'utf8',
  ),
) as StructureCatalogue & { types: Array<{ code: string; section_rule?: string }> };
const declarantTypes = new Set(
  catalogue.types.filter((t) => t.section_rule === 'by_person_role').map((t) => t.code),
);
const roleSections = new Map(PERSON_ROLES.map((r) => [r.code, r.sections ?? null]));

interface GtPage {
  ref: string;
  volume: number;
  text: string;
  blank: boolean;
  butluc: number | null;
}
interface GtDocument {
  doc_id: string;
  type: string;
  first_page: string;
  persons: Array<{ name: string; role: string }>;
}
interface GroundTruth {
  case: { domain?: string };
  pages: GtPage[];
  documents: GtDocument[];
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  signerOk: number;
  signerAll: number;
  declOk: number;
  declAll: number;
  sectionOk: number;
  sectionAll: number;
  timeRanges: number;
  minutes: number;
}
const tally = (): Tally => ({
  tp: 0,
  fp: 0,
  fn: 0,
  signerOk: 0,
  signerAll: 0,
  declOk: 0,
  declAll: 0,
  sectionOk: 0,
  sectionAll: 0,
  timeRanges: 0,
  minutes: 0,
});

/** The ground-truth declarant role: the first non-official person whose role has a section. */
function gtDeclarantRole(doc: GtDocument, caseKind: string): string | null {
  return doc.persons.find((p) => roleSections.get(p.role)?.[caseKind])?.role ?? null;
}

function score(
  name: string,
  gt: GroundTruth,
  pages: StructurePage[],
  caseKind: string,
  total: Tally,
): Tally {
  const t = tally();
  const { documents } = structureCase({ pages, caseKind, catalogue });
  const byFirst = new Map<string, StructuredDocument>(documents.map((d) => [d.firstPage, d]));
  for (const g of gt.documents) {
    const d = byFirst.get(g.first_page);
    const expected = new Set(g.persons.map((p) => `${fold(p.name)}|${p.role}`));
    const got = new Set((d?.persons ?? []).map((p) => `${fold(p.name)}|${p.role}`));
    const missed = [...expected].filter((k) => !got.has(k));
    const extra = [...got].filter((k) => !expected.has(k));
    t.tp += expected.size - missed.length;
    t.fn += missed.length;
    t.fp += extra.length;
    if (verbose && (missed.length || extra.length)) {
      out(
        `  ${name} ${g.doc_id} ${g.type}: missed ${missed.join(', ')} | extra ${extra.join(', ')}`,
      );
    }
    const signer = g.persons.find((p) => p.role === 'NGUOI_KY');
    if (signer) {
      t.signerAll += 1;
      if (d?.signer && fold(d.signer.name) === fold(signer.name)) {
        t.signerOk += 1;
      } else if (verbose) {
        out(`  ${name} ${g.doc_id} signer ${signer.name} ≠ ${d?.signer?.name ?? '∅'}`);
      }
    }
    const gtRole = declarantTypes.has(g.type) ? gtDeclarantRole(g, caseKind) : null;
    if (declarantTypes.has(g.type)) {
      t.declAll += 1;
      if ((d?.declarant?.role ?? null) === gtRole) {
        t.declOk += 1;
      } else if (verbose) {
        out(`  ${name} ${g.doc_id} declarant ${gtRole ?? '∅'} ≠ ${d?.declarant?.role ?? '∅'}`);
      }
    }
    t.sectionAll += 1;
    const want = sectionFor({ typeCode: g.type, caseKind, personRole: gtRole });
    const have = d
      ? sectionFor({ typeCode: d.type, caseKind, personRole: d.declarant?.role ?? null })
      : null;
    if (want === have) {
      t.sectionOk += 1;
    } else if (verbose) {
      out(`  ${name} ${g.doc_id} section ${want} ≠ ${have ?? '∅'}`);
    }
    if (/^BB_/.test(g.type)) {
      t.minutes += 1;
      if (d?.timeRange) {
        t.timeRanges += 1;
      }
    }
  }
  for (const k of Object.keys(t) as Array<keyof Tally>) {
    total[k] += t[k];
  }
  return t;
}

const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
function line(label: string, t: Tally): string {
  const p = t.tp / Math.max(1, t.tp + t.fp);
  const r = t.tp / Math.max(1, t.tp + t.fn);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return [
    label.padEnd(40),
    `persons P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${f1.toFixed(3)} (tp ${String(t.tp)} fp ${String(t.fp)} fn ${String(t.fn)})`,
    `signer ${ratio(t.signerOk, t.signerAll)} (${String(t.signerOk)}/${String(t.signerAll)})`,
    `declarant role ${ratio(t.declOk, t.declAll)} (${String(t.declOk)}/${String(t.declAll)})`,
    `section ${ratio(t.sectionOk, t.sectionAll)} (${String(t.sectionOk)}/${String(t.sectionAll)})`,
    `time ranges ${String(t.timeRanges)}/${String(t.minutes)} minutes`,
  ].join(' | ');
}

const cases = readdirSync(samples)
  .filter((d) => existsSync(path.join(samples, d, 'ground_truth.json')))
  .sort();
const gtTotal = tally();
const ocrTotal = tally();
let ocrCases = 0;
const started = performance.now();
out('bench:persons — structureCase on ground-truth text (ground-truth segmentation for scoring)');
for (const name of cases) {
  const gt = JSON.parse(
    readFileSync(path.join(samples, name, 'ground_truth.json'), 'utf8'),
  ) as GroundTruth;
  const caseKind = gt.case.domain ?? 'criminal';
  const pages: StructurePage[] = gt.pages.map((p) => ({
    ref: p.ref,
    volume: p.volume,
    text: p.text,
    isBlank: p.blank,
    butLuc: p.butluc,
  }));
  out(line(`  ${name} (${caseKind}, GT text)`, score(name, gt, pages, caseKind, gtTotal)));
  const cached = path.join(ocrDir, `${name}.analyze.json`);
  if (existsSync(cached)) {
    const ocr = JSON.parse(readFileSync(cached, 'utf8')) as {
      pages?: Array<{ ref: string; text?: string; blank?: boolean; butluc?: number | null }>;
    };
    const volumeOf = new Map(gt.pages.map((p) => [p.ref, p.volume]));
    const ocrPages: StructurePage[] = (ocr.pages ?? []).map((p) => ({
      ref: p.ref,
      volume: volumeOf.get(p.ref) ?? 1,
      text: p.text ?? '',
      isBlank: p.blank ?? !(p.text ?? '').trim(),
      butLuc: p.butluc ?? null,
    }));
    if (ocrPages.length) {
      ocrCases += 1;
      out(line(`  ${name} (${caseKind}, OCR text)`, score(name, gt, ocrPages, caseKind, ocrTotal)));
    }
  }
}
out(line('ALL (GT text)', gtTotal));
if (ocrCases > 0) {
  out(line(`ALL (OCR text, ${String(ocrCases)} cached cases)`, ocrTotal));
} else {
  out(`(no cached OCR result in ${ocrDir}: OCR figures not printed)`);
}
out(`time ${(performance.now() - started).toFixed(0)} ms`);
