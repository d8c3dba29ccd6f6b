/**
 * Splits a case file's pages (scan order) into documents, classifies them with the document-type
 * catalogue and extracts số/ký hiệu, date and issuer. Pure (CONVENTIONS §12): no DB, no env.
 *
 * Rules come from the catalogue (titles, cues, issuers, case kinds, attachment_of) and the layout
 * conventions of DOMAIN §4: national heading / agency block + "Số:" / caps title near the top /
 * "Hồi … giờ … ngày …" minutes opening start a document; pages without them continue it.
 */
import {
  buildRoleVocabulary,
  createPersonsContext,
  extractDocumentPersons,
  type CataloguePersonRole,
  type DocumentDeclarant,
  type DocumentSigner,
} from './persons.ts';
import { extractTimeRange, type TimeRange } from './time-range.ts';
import { extractDate, extractIssuer, extractNumber, isPlaceDateLine } from './metadata.ts';
import { compact, fold, fuzzyContains, isCapsLine, similarity } from './text.ts';

export interface StructurePage {
  ref: string;
  volume: number;
  /** OCR text, NFC, lines separated by \n */
  text: string;
  isBlank: boolean;
  butLuc: number | null;
}

/** The part of a document-type catalogue entry (`document-types.json` `types[]`) used here. */
export interface CatalogueType {
  code: string;
  titles: readonly string[];
  issuers?: readonly string[];
  case_kinds?: readonly string[];
  cues?: readonly string[] | null;
  attachment_of?: readonly string[] | null;
  form?: string;
  /** "by_person_role": statements, whose declarant is extracted */
  section_rule?: string;
}

export interface StructureCatalogue {
  types: readonly CatalogueType[];
  /** `person_roles` of the catalogue: persons, signer and declarant are extracted when present */
  person_roles?: readonly CataloguePersonRole[];
}

export interface StructuredPerson {
  name: string;
  role: string;
}

export interface StructuredDocument {
  firstPage: string;
  lastPage: string;
  pageRefs: string[];
  /** catalogue code or 'KHAC' */
  type: string;
  typeConfidence: number;
  title: string | null;
  /** số/ký hiệu without "Số:" */
  number: string | null;
  /** ISO yyyy-mm-dd */
  date: string | null;
  issuer: string | null;
  persons: StructuredPerson[];
  /** who signed: name, title printed above it, authority prefix (KT./TM./TL./Q./TUQ.) */
  signer: DocumentSigner | null;
  /** whose statement the document records (statements, self-declarations), with the role */
  declarant: DocumentDeclarant | null;
  /** start/end of minutes ("Hồi … giờ … ngày …" … "kết thúc hồi … cùng ngày"), local ISO */
  timeRange: TimeRange | null;
  reasons: string[];
}

/** Boundaries a person set in review: they override the layout signals on every re-run. */
export interface StructureBoundaries {
  /** page refs that start a document */
  starts?: readonly string[];
  /** page refs that continue the document before them (never across volumes) */
  continues?: readonly string[];
}

export interface StructureCaseInput {
  pages: readonly StructurePage[];
  caseKind: string;
  catalogue: StructureCatalogue;
  boundaries?: StructureBoundaries;
}

export interface StructureCaseResult {
  documents: StructuredDocument[];
}

/** Minimum title similarity for a type; below it the document is KHAC. */
const TYPE_THRESHOLD = 0.72;
/** Minimum title similarity for a caps title alone (no heading) to start a document. */
const START_TITLE_THRESHOLD = 0.8;
/** Lines (non-empty) of the top of a page searched for headings and titles. */
const TOP_LINES = 16;
const COVER_CODE = 'BIA_HO_SO';
const FALLBACK = 'KHAC';

interface IndexedTitle {
  type: CatalogueType;
  title: string;
  key: string;
  histogram: Uint16Array;
}

/** Letter/digit counts of a compact key: half their L1 difference bounds the edit distance from below. */
function histogramOf(key: string): Uint16Array {
  const h = new Uint16Array(36);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const slot = c >= 65 ? c - 65 : 26 + c - 48;
    if (slot >= 0 && slot < 36) {
      h[slot] = (h[slot] ?? 0) + 1;
    }
  }
  return h;
}

function histogramDistance(a: Uint16Array, b: Uint16Array): number {
  let d = 0;
  for (let i = 0; i < 36; i++) {
    d += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  }
  return d;
}

/** Similarity of a compact key to every title it may match (> 0 only); memoised per run. */
function titleScores(
  key: string,
  index: readonly IndexedTitle[],
  memo: Map<string, Array<[IndexedTitle, number]>>,
): Array<[IndexedTitle, number]> {
  const cached = memo.get(key);
  if (cached) {
    return cached;
  }
  const hist = histogramOf(key);
  const scores: Array<[IndexedTitle, number]> = [];
  for (const entry of index) {
    if (Math.abs(entry.key.length - key.length) > entry.key.length * 0.3 + 1) {
      continue;
    }
    const longer = Math.max(entry.key.length, key.length);
    const maxEdits = Math.floor(longer * (1 - 0.65));
    if (Math.ceil(histogramDistance(hist, entry.histogram) / 2) > maxEdits) {
      continue;
    }
    const s = similarity(key, entry.key, 0.65);
    if (s > 0) {
      scores.push([entry, s]);
    }
  }
  memo.set(key, scores);
  return scores;
}

interface TitleMatch {
  score: number;
  title: string;
  lineIndex: number;
  candidates: Array<{ type: CatalogueType; score: number }>;
}

interface PageSignals {
  national: boolean;
  numberLine: boolean;
  minutesOpening: boolean;
  title: TitleMatch | null;
  lines: string[];
}

const NATIONAL_KEYS = ['CONGHOAXAHOICHUNGHIA', 'DOCLAPTUDOHANHPHUC'];

function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

const nationalCache = new Map<string, boolean>();

function isNationalLine(line: string): boolean {
  const cached = nationalCache.get(line);
  if (cached !== undefined) {
    return cached;
  }
  const result = detectNational(line);
  if (nationalCache.size > 5000) {
    nationalCache.clear();
  }
  nationalCache.set(line, result);
  return result;
}

function detectNational(line: string): boolean {
  const c = compact(line);
  if (c.length < 12) {
    return false;
  }
  if (/NHANDANH/.test(c)) {
    return false;
  }
  return NATIONAL_KEYS.some((k) => fuzzyContains(c, k, 3));
}

function isNumberLine(line: string): boolean {
  return /^\W{0,3}SO\s*[:;]\s*\S/.test(fold(line));
}

function isDateLine(line: string): boolean {
  return isPlaceDateLine(line);
}

function isMinutesOpening(line: string): boolean {
  return /^\W{0,3}(VAO\s+)?HOI\s+\S{1,4}\s+GIO\b.*NGAY/.test(fold(line));
}

function buildIndex(catalogue: StructureCatalogue): IndexedTitle[] {
  const index: IndexedTitle[] = [];
  for (const type of catalogue.types) {
    for (const title of type.titles) {
      const key = compact(title);
      index.push({ type, title, key, histogram: histogramOf(key) });
    }
  }
  return index;
}

/** True for lines of the header block (national heading, motto, "Số:", place-date line). */
function isHeaderLine(line: string): boolean {
  return isNationalLine(line) || isNumberLine(line) || isDateLine(line);
}

/**
 * Best catalogue titles for runs of 1–4 caps lines near the top of the page (header lines are
 * skipped; the candidate starting at each caps line is compared with every title variant).
 */
function matchTitle(
  lines: readonly string[],
  index: readonly IndexedTitle[],
  memo: Map<string, Array<[IndexedTitle, number]>>,
): TitleMatch | null {
  const top = lines.slice(0, TOP_LINES);
  let best: TitleMatch | null = null;
  const scores = new Map<CatalogueType, number>();
  for (let i = 0; i < Math.min(top.length, 12); i++) {
    const first = top[i] ?? '';
    if (!isCapsLine(first) || isHeaderLine(first) || isMinutesOpening(first)) {
      continue;
    }
    let joined = '';
    for (let k = 0; k < 4 && i + k < top.length; k++) {
      const line = top[i + k] ?? '';
      if (k > 0 && (!isCapsLine(line) || isHeaderLine(line))) {
        break;
      }
      joined = joined ? `${joined} ${line}` : line;
      const key = compact(joined);
      if (key.length < 4) {
        continue;
      }
      for (const [entry, s] of titleScores(key, index, memo)) {
        if (s > (scores.get(entry.type) ?? 0)) {
          scores.set(entry.type, s);
        }
        if (!best || s > best.score) {
          best = { score: s, title: joined, lineIndex: i, candidates: [] };
        }
      }
    }
  }
  if (!best) {
    return null;
  }
  best.candidates = [...scores.entries()]
    .map(([type, score]) => ({ type, score }))
    .sort((a, b) => b.score - a.score);
  return best;
}

function pageSignals(
  page: StructurePage,
  index: readonly IndexedTitle[],
  memo: Map<string, Array<[IndexedTitle, number]>>,
): PageSignals {
  const lines = nonEmptyLines(page.text);
  const top = lines.slice(0, 10);
  const national = top.some(isNationalLine);
  const numberLine = top.slice(0, 8).some(isNumberLine);
  const title = matchTitle(lines, index, memo);
  const openingAt = top.findIndex(isMinutesOpening);
  const minutesOpening = openingAt > 0 && top.slice(0, openingAt).some(isCapsLine);
  return { national, numberLine, minutesOpening, title, lines };
}

function isStart(s: PageSignals): string[] {
  const why: string[] = [];
  if (s.national) {
    why.push('national heading');
  }
  if (s.numberLine && s.title && s.title.score >= TYPE_THRESHOLD) {
    why.push('agency block + Số line');
  }
  // A caps title alone starts a document, except section headings of "other"-form types (e.g.
  // DANH CHỈ BẢN inside LÝ LỊCH BỊ CAN) when the page has no heading of its own.
  const titleType = s.title?.candidates[0]?.type;
  if (
    s.title &&
    s.title.score >= START_TITLE_THRESHOLD &&
    s.title.lineIndex < (why.length > 0 ? 10 : 5) &&
    (why.length > 0 || titleType?.form !== 'other')
  ) {
    why.push(`caps title "${s.title.title}"`);
  }
  if (s.minutesOpening) {
    why.push('minutes opening');
  }
  return why;
}

const ISSUER_PATTERNS: Array<[RegExp, string]> = [
  [/VIEN KIEM SAT/, 'VKS'],
  [/TOA AN/, 'TOA_AN'],
  [/CONG AN|CANH SAT DIEU TRA|AN NINH DIEU TRA|CO QUAN DIEU TRA/, 'CQDT'],
  [/GIAM DINH|KY THUAT HINH SU|DINH GIA/, 'GIAM_DINH'],
  [/CONG TY|DOANH NGHIEP/, 'DUONG_SU'],
];

function issuerCode(issuer: string | null): string | null {
  if (!issuer) {
    return null;
  }
  const f = fold(issuer);
  let found: string | null = null;
  let pos = -1;
  // the issuer proper is the last agency line (the superior body sits above it)
  for (const [re, code] of ISSUER_PATTERNS) {
    const m = re.exec(f);
    if (m && m.index >= pos) {
      pos = m.index;
      found = code;
    }
  }
  return found;
}

interface Classification {
  type: string;
  confidence: number;
  title: string | null;
  reasons: string[];
}

function classify(
  s: PageSignals,
  caseKind: string,
  issuer: string | null,
  catalogue: StructureCatalogue,
): Classification {
  const reasons: string[] = [];
  const text = fold(s.lines.join('\n'));
  const cueHits = (t: CatalogueType) =>
    (t.cues ?? []).filter((c) => c.length >= 3 && text.includes(fold(c))).length;
  const issuerKind = issuerCode(issuer);
  const title = s.title;
  if (title && title.score >= TYPE_THRESHOLD) {
    const top = title.candidates[0]?.score ?? 0;
    const tied = title.candidates.filter((c) => c.score >= top - 0.02);
    const rank = (t: CatalogueType) =>
      (t.case_kinds?.includes(caseKind) ? 4 : 0) +
      (issuerKind && t.issuers?.includes(issuerKind) ? 2 : 0) +
      Math.min(cueHits(t), 3) * 0.5;
    tied.sort((a, b) => rank(b.type) - rank(a.type) || b.score - a.score);
    const chosen = tied[0];
    if (chosen) {
      reasons.push(`title "${title.title}" ~ ${chosen.type.code} (${chosen.score.toFixed(2)})`);
      if (tied.length > 1) {
        reasons.push(`tie of ${String(tied.length)} types settled by case kind/issuer/cues`);
      }
      let confidence = chosen.score;
      if (!chosen.type.case_kinds?.includes(caseKind)) {
        confidence *= 0.8;
      }
      return { type: chosen.type.code, confidence: round(confidence), title: title.title, reasons };
    }
  }
  // No good title: text cues (e.g. "NHÂN DANH NƯỚC CỘNG HÒA …" for bản án, "V/v" for công văn).
  let cueBest: { type: CatalogueType; hits: number } | null = null;
  for (const t of catalogue.types) {
    if (t.code === FALLBACK || t.code === COVER_CODE) {
      continue;
    }
    if (t.case_kinds && !t.case_kinds.includes(caseKind)) {
      continue;
    }
    const strong = (t.cues ?? []).filter((c) => c.length >= 12 && text.includes(fold(c))).length;
    const vv =
      (t.cues ?? []).some((c) => /^V\/v$/i.test(c)) && s.numberLine && /\bV\/V\b/.test(text);
    const hits = strong + (vv ? 1 : 0);
    if (hits > 0 && (!cueBest || hits > cueBest.hits)) {
      cueBest = { type: t, hits };
    }
  }
  if (cueBest) {
    reasons.push(`no title match; ${String(cueBest.hits)} text cue(s) of ${cueBest.type.code}`);
    return { type: cueBest.type.code, confidence: 0.55, title: title?.title ?? null, reasons };
  }
  reasons.push(
    title
      ? `best title match "${title.title}" too weak (${title.score.toFixed(2)})`
      : 'no catalogue title found',
  );
  return {
    type: FALLBACK,
    confidence: round(title ? 1 - title.score : 0.9),
    title: title?.title ?? null,
    reasons,
  };
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

function isCover(
  s: PageSignals,
  page: StructurePage,
  firstOfVolume: boolean,
  coverKeys: readonly string[],
): boolean {
  if (!firstOfVolume || (s.national && page.butLuc !== null)) {
    return false;
  }
  const best = s.title?.candidates[0];
  if (best && best.score >= 0.9 && best.type.code !== COVER_CODE) {
    return false;
  }
  if (best?.type.code === COVER_CODE && best.score >= START_TITLE_THRESHOLD) {
    return true;
  }
  const c = compact(s.lines.join(' '));
  return coverKeys.some((k) => fuzzyContains(c, k, 1));
}

/** Splits pages into documents and classifies them. */
export function structureCase(input: StructureCaseInput): StructureCaseResult {
  const { pages, caseKind, catalogue } = input;
  const forcedStarts = new Set(input.boundaries?.starts ?? []);
  const forcedContinues = new Set(input.boundaries?.continues ?? []);
  const index = buildIndex(catalogue);
  const titleMemo = new Map<string, Array<[IndexedTitle, number]>>();
  const coverType = catalogue.types.find((t) => t.code === COVER_CODE);
  const pageLines = new Map<string, string[]>();
  const coverKeys = (coverType?.titles ?? []).map(compact).filter((k) => k.length >= 6);
  const documents: StructuredDocument[] = [];
  let current: { doc: StructuredDocument; volume: number } | null = null;
  const seenInVolume = new Set<number>();

  for (const page of pages) {
    // A page with no text but not blank (a photo, a sketch) continues the document before it.
    if (page.isBlank) {
      continue;
    }
    const firstOfVolume = !seenInVolume.has(page.volume);
    seenInVolume.add(page.volume);
    const s = pageSignals(page, index, titleMemo);
    pageLines.set(page.ref, s.lines);
    const why = isStart(s);
    const volumeChange = current !== null && current.volume !== page.volume;
    const continues = forcedContinues.has(page.ref)
      ? true
      : forcedStarts.has(page.ref)
        ? false
        : why.length === 0 && !(firstOfVolume && isCover(s, page, true, coverKeys));
    if (current && !volumeChange && continues) {
      current.doc.pageRefs.push(page.ref);
      current.doc.lastPage = page.ref;
      continue;
    }
    const reasons = forcedStarts.has(page.ref)
      ? ['start: set in review']
      : why.length
        ? [`start: ${why.join(', ')}`]
        : [];
    if (!current) {
      reasons.push('start: first page');
    } else if (volumeChange) {
      reasons.push('start: new volume');
    }
    const issuer = extractIssuer(s.lines);
    let cls: Classification;
    if (isCover(s, page, firstOfVolume, coverKeys)) {
      cls = {
        type: coverType?.code ?? COVER_CODE,
        confidence: 0.95,
        title: s.lines.find((l) => /HO\s*SO/.test(fold(l))) ?? null,
        reasons: ['volume cover: first page of the volume with case-file wording'],
      };
    } else {
      cls = classify(s, caseKind, issuer, catalogue);
    }
    const head = s.lines.slice(0, TOP_LINES);
    const date = extractDate(head);
    const doc: StructuredDocument = {
      firstPage: page.ref,
      lastPage: page.ref,
      pageRefs: [page.ref],
      type: cls.type,
      typeConfidence: cls.confidence,
      title: cls.title,
      number: cls.type === COVER_CODE ? null : extractNumber(s.lines.slice(0, 12)),
      date: date.date,
      issuer,
      persons: [],
      signer: null,
      declarant: null,
      timeRange: null,
      reasons: [
        ...reasons,
        ...cls.reasons,
        ...(date.blank ? ['date line blank or impossible'] : []),
      ],
    };
    // Attachments (photo sheets, sketches) without a date of their own take their parent's.
    const attachmentOf = catalogue.types.find((t) => t.code === doc.type)?.attachment_of;
    if (!doc.date && attachmentOf?.length) {
      const parent = [...documents].reverse().find((d) => attachmentOf.includes(d.type));
      if (parent?.date) {
        doc.date = parent.date;
        doc.reasons.push(`date of the parent ${parent.type}`);
      }
    }
    documents.push(doc);
    current = { doc, volume: page.volume };
  }
  const docLines = (doc: StructuredDocument) =>
    doc.pageRefs.flatMap((ref) => pageLines.get(ref) ?? []);
  // time ranges of minutes only: decisions quote the times of other records ("… lập hồi 00 giờ …")
  const formOf = new Map(catalogue.types.map((t) => [t.code, t.form]));
  for (const doc of documents) {
    const form = formOf.get(doc.type);
    if (form === undefined || form === 'minutes' || form === 'statement' || doc.type === FALLBACK) {
      doc.timeRange = extractTimeRange(docLines(doc));
    }
  }
  if (catalogue.person_roles?.length) {
    addPersons({ documents, docLines, caseKind, catalogue });
  }
  return { documents };
}

/**
 * Persons, signer and declarant of every document (in file order, so contract sides "Bên A/B"
 * defined by a contract carry to later documents). A declarant whose role the statement does not
 * state takes the role this person has in the other documents of the case.
 */
function addPersons({
  documents,
  docLines,
  caseKind,
  catalogue,
}: {
  documents: StructuredDocument[];
  docLines: (doc: StructuredDocument) => string[];
  caseKind: string;
  catalogue: StructureCatalogue;
}): void {
  const vocabulary = buildRoleVocabulary({ roles: catalogue.person_roles ?? [], caseKind });
  const context = createPersonsContext();
  const typesByCode = new Map(catalogue.types.map((t) => [t.code, t]));
  for (const doc of documents) {
    const found = extractDocumentPersons({
      lines: docLines(doc),
      vocabulary,
      typeCode: doc.type,
      title: doc.title,
      // statements: the catalogue's by_person_role types, and records titled as statements or
      // interrogations (hỏi cung) for the person index
      hasDeclarant:
        typesByCode.get(doc.type)?.section_rule === 'by_person_role' ||
        /LOI KHAI|HOI CUNG|TU KHAI/.test(fold(doc.title ?? '')),
      context,
    });
    doc.persons = found.persons;
    doc.signer = found.signer;
    doc.declarant = found.declarant;
  }
  const rolesOf = new Map<string, string>();
  for (const doc of documents) {
    for (const p of doc.persons) {
      const sections = vocabulary.roles.get(p.role)?.sections;
      if (sections?.[caseKind] && !rolesOf.has(fold(p.name))) {
        rolesOf.set(fold(p.name), p.role);
      }
    }
  }
  for (const doc of documents) {
    const declarant = doc.declarant;
    if (declarant && !declarant.role) {
      const role = rolesOf.get(fold(declarant.name));
      if (role) {
        declarant.role = role;
        doc.persons.push({ name: declarant.name, role });
        doc.reasons.push(`declarant role ${role} from the other documents of the case`);
      }
    }
  }
}
