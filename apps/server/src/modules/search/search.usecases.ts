import {
  createWordMatcher,
  foldText,
  isEmptySearchQuery,
  parseSearchQuery,
  type CaseSearchHit,
  type CaseSearchResult,
  type ParsedSearchQuery,
  type SearchHit,
  type SearchMode,
  type SearchResult,
} from '@sohoa/contracts';
import type { Actor } from '../access/access.types.ts';
import { caseListScope } from '../access/access.policy.ts';
import { getCaseForActionOrThrow, loadUnitTree } from '../access/access.usecases.ts';
import { subtreeOf } from '../access/unit-tree.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CasesRepository } from '../cases/cases.repository.ts';
import { recordCaseEvent } from '../cases/cases.usecases.ts';
import { createError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import type {
  SearchFilter,
  SearchPosition,
  SearchQueries,
  SearchRepository,
} from './search.repository.ts';
import { buildSnippet, hitWordBoxes } from './search.snippet.ts';
import { FUZZY_MIN_LENGTH, confusionVariants, isOcrVariant } from './search.variants.ts';

export interface SearchDeps {
  searchRepository: SearchRepository;
  casesRepository: CasesRepository;
  unitsRepository: UnitsRepository;
  auditRepository: AuditRepository;
}

/** Totals stop here: counting every match of a common word over millions of pages is wasted work. */
export const SEARCH_COUNT_CAP = 1000;
/**
 * From this planner estimate on, the count is not run and the total is "more than 1,000": five
 * times the cap leaves room for the estimate's error (word frequencies are sampled by ANALYZE,
 * and AND assumes the words independent, which for words that go together — a name — errs low,
 * towards counting). On 1,000,000 pages the estimates were within 10 % (6,460 for 5,997 hits,
 * 7,023 for 7,046, 826 for 773), and counting up to the cap cost ~27 ms of a 40 ms search.
 */
export const SEARCH_ESTIMATE_TRUSTED = 5 * SEARCH_COUNT_CAP;

/**
 * Whether the total needs a count: not when the planner expects far more hits than the cap (the
 * total is then "more than" the cap). Decided before the batch query, so that a needed count runs
 * alongside it rather than after it.
 */
export function needsCount({ estimate }: { estimate: number }): boolean {
  return estimate < SEARCH_ESTIMATE_TRUSTED;
}

/**
 * The total of a search: the size of a first batch that holds every hit (asked for `limit + 1`
 * rows, it got at most `limit`), else the count up to the cap, else (not counted: the planner
 * expected far more) the cap.
 */
export function totalOf({
  firstBatch,
  found,
  limit,
  counted,
}: {
  /** No cursor: the batch starts at the first hit. */
  firstBatch: boolean;
  /** Rows the batch query returned, asked for `limit + 1`. */
  found: number;
  limit: number;
  /** The count up to the cap, when one ran. */
  counted: number | null;
}): number {
  if (firstBatch && found <= limit) {
    return found;
  }
  return counted ?? SEARCH_COUNT_CAP;
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const anyOf = (lexemes: string[]) => `(${lexemes.map(quote).join(' | ')})`;

/**
 * The tsquery sources of a parsed query: plain words against the folded vector (each widened
 * with its OCR variants) or, in exact mode, against the as-read vector; phrases always exact,
 * and first narrowed by their adjacent word pairs (`phrasePairs`, from the repository).
 */
export function buildSearchQueries({
  parsed,
  mode,
  variantsByWord,
  phrasePairs = [],
}: {
  parsed: ParsedSearchQuery;
  mode: SearchMode;
  variantsByWord: ReadonlyMap<string, readonly string[]>;
  phrasePairs?: readonly (readonly string[])[];
}): SearchQueries {
  const pairs = [...new Set(phrasePairs.flat())].sort();
  const folded = mode === 'folded' ? [...new Set(parsed.words.map(foldText))] : [];
  const exact = [
    ...(mode === 'exact' ? parsed.words.map(quote) : []),
    ...parsed.phrases.map((p) => `(${p.map(quote).join(' <-> ')})`),
  ];
  return {
    folded:
      folded.length > 0
        ? folded.map((w) => anyOf([w, ...(variantsByWord.get(w) ?? [])])).join(' & ')
        : null,
    foldedStrict: folded.length > 0 ? folded.map(quote).join(' & ') : null,
    exact: exact.length > 0 ? exact.join(' & ') : null,
    pairs: pairs.length > 0 ? pairs.map(quote).join(' & ') : null,
  };
}

/** OCR misreadings of each folded query word that really occur in some page. */
async function findVariants({
  words,
  deps,
}: {
  words: string[];
  deps: Pick<SearchDeps, 'searchRepository'>;
}): Promise<Map<string, string[]>> {
  const byWord = new Map<string, string[]>();
  await Promise.all(
    words.map(async (word) => {
      const candidates = confusionVariants(word);
      const [{ terms: known }, { terms: similar }] = await Promise.all([
        deps.searchRepository.existingTerms({ candidates }),
        word.length >= FUZZY_MIN_LENGTH
          ? deps.searchRepository.similarTerms({ word })
          : Promise.resolve({ terms: [] as string[] }),
      ]);
      const accepted = [...new Set([...known, ...similar.filter((t) => isOcrVariant(word, t))])];
      if (accepted.length > 0) {
        byWord.set(word, accepted.sort());
      }
    }),
  );
  return byWord;
}

const encodeCursor = (p: SearchPosition) =>
  Buffer.from(JSON.stringify([p.caseId, p.volumeId, p.seq])).toString('base64url');

function decodeCursor(cursor: string | undefined): SearchPosition | null {
  if (!cursor) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      Number.isInteger(value[2])
    ) {
      return { caseId: value[0], volumeId: value[1], seq: value[2] as number };
    }
  } catch {
    // fall through
  }
  throw createError({
    code: 'request.invalid',
    details: { issues: [{ path: 'cursor', message: 'not a cursor of this search' }] },
  });
}

type HitRow = Awaited<ReturnType<SearchRepository['getHitDetails']>>['rows'][number];

const emptyResult = { hits: [], total: 0, totalCapped: false, nextCursor: null, variants: [] };

/**
 * Runs a search over the pages `filter` admits: parse, widen with OCR variants, find the page
 * ids in order, then load what the hits show and mark the words.
 */
async function runSearch({
  q,
  mode,
  limit,
  cursor,
  filter,
  withWords,
  deps,
}: {
  q: string;
  mode: SearchMode;
  limit: number;
  cursor?: string | undefined;
  filter: SearchFilter;
  withWords: boolean;
  deps: SearchDeps;
}) {
  const parsed = parseSearchQuery(q);
  if (isEmptySearchQuery(parsed)) {
    return { result: emptyResult, rows: [] as HitRow[], matcher: null };
  }
  const after = decodeCursor(cursor);
  const [variantsByWord, { pairs: phrasePairs }] = await Promise.all([
    mode === 'folded'
      ? findVariants({ words: [...new Set(parsed.words.map(foldText))], deps })
      : new Map<string, string[]>(),
    deps.searchRepository.phrasePairs({
      phrases: parsed.phrases.filter((p) => p.length > 1).map((p) => p.join(' ')),
    }),
  ]);
  const queries = buildSearchQueries({ parsed, mode, variantsByWord, phrasePairs });
  // The planner's estimate (planning only, about a millisecond) says whether the total needs a
  // count; a needed count then runs alongside the batch query instead of after it.
  const { estimate } = await deps.searchRepository.estimatePages({ filter, queries });
  const [{ pages }, counted] = await Promise.all([
    deps.searchRepository.findPages({ filter, queries, after, limit: limit + 1 }),
    needsCount({ estimate })
      ? deps.searchRepository.countPages({ filter, queries, cap: SEARCH_COUNT_CAP })
      : null,
  ]);
  const shown = pages.slice(0, limit);
  const total = totalOf({
    firstBatch: after === null,
    found: pages.length,
    limit,
    counted: counted?.total ?? null,
  });
  const { rows } = await deps.searchRepository.getHitDetails({
    pageIds: shown.map((p) => p.id),
    foldedStrict: queries.foldedStrict,
    withWords,
  });
  const order = new Map(shown.map((p, i) => [p.id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const variants = [...variantsByWord.values()].flat();
  const matcher = createWordMatcher({ parsed, mode, variants });
  const last = shown[shown.length - 1];
  return {
    result: {
      hits: [] as SearchHit[],
      total,
      totalCapped: total >= SEARCH_COUNT_CAP,
      nextCursor:
        pages.length > limit && last
          ? encodeCursor({ caseId: last.case_id, volumeId: last.volume_id, seq: last.seq })
          : null,
      variants,
    },
    rows,
    matcher,
  };
}

function toHit(
  row: HitRow,
  matcher: NonNullable<Awaited<ReturnType<typeof runSearch>>['matcher']>,
): SearchHit {
  return {
    case: {
      id: row.case_id,
      title: row.case_title,
      internalNumber: row.internal_number,
      nationalCode: row.national_code,
    },
    pageId: row.id,
    volume: row.volume,
    seq: row.seq,
    butLuc: row.but_luc,
    butLucSuffix: row.but_luc_suffix,
    document: row.document_id
      ? {
          id: row.document_id,
          typeCode: row.type_code ?? 'KHAC',
          title: row.document_title,
          issuedOn: row.issued_on,
        }
      : null,
    snippet: buildSnippet({ text: row.ocr_text ?? '', matcher }),
    exactWords: row.exact_words,
  };
}

async function scopeOf({ actor, deps }: { actor: Actor; deps: SearchDeps }) {
  const { tree } = await loadUnitTree(deps);
  const descendantUnitIds = subtreeOf({ tree, unitId: actor.unitId }).filter(
    (id) => id !== actor.unitId,
  );
  return { ...caseListScope({ actor }), descendantUnitIds };
}

/**
 * Searches the pages of every case the actor may read (the case list's access filter), with the
 * optional case, kind, unit, document type, date and person filters.
 */
export async function searchAllCases({
  actor,
  query,
  deps,
}: {
  actor: Actor;
  query: Omit<SearchFilter, 'scope'> & {
    q: string;
    mode: SearchMode;
    limit: number;
    cursor?: string | undefined;
  };
  deps: SearchDeps;
}): Promise<SearchResult> {
  const { q, mode, limit, cursor, ...filters } = query;
  const filter: SearchFilter = { scope: await scopeOf({ actor, deps }), ...filters };
  const { result, rows, matcher } = await runSearch({
    q,
    mode,
    limit,
    cursor,
    filter,
    withWords: false,
    deps,
  });
  return { ...result, hits: matcher ? rows.map((r) => toHit(r, matcher)) : [] };
}

/**
 * Searches one case (read access, audited as a case read with the query) and returns, for each
 * hit, the boxes of the matching words on the upright page image.
 */
export async function searchCase({
  actor,
  caseId,
  query,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  query: { q: string; mode: SearchMode; limit: number; cursor?: string | undefined };
  context: RequestContext;
  deps: SearchDeps;
}): Promise<CaseSearchResult> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  await recordCaseEvent({
    action: 'case.read',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { view: 'search', q: query.q, mode: query.mode },
  });
  const filter: SearchFilter = { scope: await scopeOf({ actor, deps }), caseId };
  const { result, rows, matcher } = await runSearch({
    ...query,
    filter,
    withWords: true,
    deps,
  });
  const hits: CaseSearchHit[] = matcher
    ? rows.map((row) => ({
        ...toHit(row, matcher),
        uprightWidthPx: row.upright_width_px,
        uprightHeightPx: row.upright_height_px,
        boxes:
          row.ocr_words && row.upright_width_px && row.upright_height_px
            ? hitWordBoxes({
                words: row.ocr_words,
                matcher,
                widthPx: row.upright_width_px,
                heightPx: row.upright_height_px,
              })
            : [],
      }))
    : [];
  return { ...result, hits };
}

/**
 * Records that the actor opened a search hit (issue 8: "search hits opened" are case reads): read
 * access to the case is checked, the page must belong to it, and the query is kept in the event.
 */
export async function recordSearchHitOpened({
  actor,
  caseId,
  pageId,
  q,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  pageId: string;
  q: string;
  context: RequestContext;
  deps: SearchDeps & Pick<PagesRepositoryDeps, 'pagesRepository'>;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  const { page } = await deps.pagesRepository.getPage({ pageId });
  if (!page || page.case_id !== caseId) {
    throw createError({ code: 'page.not_found', details: { pageId } });
  }
  await deps.auditRepository.record({
    event: {
      action: 'case.search_hit_opened',
      actor,
      targetKind: 'page',
      targetId: pageId,
      caseId,
      unitId: found.unitId,
      context,
      details: { q },
    },
  });
  return { ok: true as const };
}

type PagesRepositoryDeps = { pagesRepository: PagesRepository };
