import {
  CASE_KIND_LABELS,
  CASE_KINDS,
  DOCUMENT_TYPES,
  documentTypeOf,
  type CaseKind,
  type GlobalSearchQuery,
  type SearchHit,
  type SearchResult,
} from '@sohoa/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError, isUnauthorized } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { viewRouteWithQuery, type Route, type SearchParams } from '../lib/router.ts';
import { Link, useRouter } from '../lib/use-router.tsx';
import { shownSearchTotal } from '../lib/search-view.ts';
import { ErrorAlert } from './Alerts.tsx';
import { SearchSnippet } from './SearchSnippet.tsx';

const toQuery = (params: SearchParams): GlobalSearchQuery | null =>
  params.q
    ? {
        q: params.q,
        ...(params.mode === 'exact' ? { mode: 'exact' as const } : {}),
        ...(params.kind ? { kind: params.kind as CaseKind } : {}),
        ...(params.documentType ? { documentType: params.documentType } : {}),
        ...(params.dateFrom ? { dateFrom: params.dateFrom } : {}),
        ...(params.dateTo ? { dateTo: params.dateTo } : {}),
        ...(params.person ? { person: params.person } : {}),
      }
    : null;

/**
 * Global search over every case the user may read. The URL holds the query and filters (so a
 * search can be reloaded, shared and gone back to); each hit opens the viewer at its page.
 */
export function SearchPage({
  route,
  onUnauthorized,
}: {
  route: Extract<Route, { name: 'search' }>;
  onUnauthorized: () => void;
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const [form, setForm] = useState<SearchParams>(route.params);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [more, setMore] = useState<SearchHit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const query = toQuery(route.params);
  const key = JSON.stringify(query);

  useEffect(() => setForm(route.params), [route.params]);
  useEffect(() => {
    const current = key === 'null' ? null : (JSON.parse(key) as GlobalSearchQuery);
    setResult(null);
    setMore([]);
    setError(null);
    if (!current) {
      return;
    }
    let cancelled = false;
    setBusy(true);
    api.search(current).then(
      (r) => {
        if (!cancelled) {
          setResult(r);
          setBusy(false);
        }
      },
      (e: unknown) => {
        if (cancelled) {
          return;
        }
        if (isUnauthorized(e)) {
          onUnauthorized();
        }
        setError(e);
        setBusy(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, onUnauthorized]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate({ name: 'search', params: form });
  };
  const set = (name: keyof SearchParams) => (value: string) =>
    setForm((f) => ({ ...f, [name]: value }));

  async function loadMore() {
    const cursor = result?.nextCursor;
    if (!query || !cursor || busy) {
      return;
    }
    setBusy(true);
    try {
      const next = await api.search({ ...query, cursor });
      setMore((m) => [...m, ...next.hits]);
      setResult((r) => (r ? { ...r, nextCursor: next.nextCursor } : r));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const hits = result ? [...result.hits, ...more] : [];
  const shown = result ? shownSearchTotal({ result, loadedHits: hits.length }) : null;
  const typeName = (code: string) => {
    const type = documentTypeOf(code);
    return type ? (language === 'vi' ? type.name_vi : type.name_en) : code;
  };
  return (
    <section className="panel panel-full search-page" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form className="search-form" onSubmit={submit} role="search">
        <div className="search-main">
          <label htmlFor="search-q">{t('search.query')}</label>
          <input
            id="search-q"
            type="search"
            value={form.q ?? ''}
            maxLength={300}
            aria-describedby="search-hint"
            onChange={(e) => set('q')(e.target.value)}
          />
          <button type="submit" className="button-primary">
            {t('search.submit')}
          </button>
        </div>
        <p id="search-hint" className="hint">
          {t('search.hint')}
        </p>
        <fieldset className="search-filters">
          <legend>{t('search.filters')}</legend>
          <label>
            <input
              type="checkbox"
              checked={form.mode === 'exact'}
              onChange={(e) => set('mode')(e.target.checked ? 'exact' : '')}
            />{' '}
            {t('search.exact')}
          </label>
          <label>
            {t('search.kind')}
            <select value={form.kind ?? ''} onChange={(e) => set('kind')(e.target.value)}>
              <option value="">{t('search.any')}</option>
              {CASE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CASE_KIND_LABELS[k][language]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.documentType')}
            <select
              value={form.documentType ?? ''}
              onChange={(e) => set('documentType')(e.target.value)}
            >
              <option value="">{t('search.any')}</option>
              {DOCUMENT_TYPES.map((d) => (
                <option key={d.code} value={d.code}>
                  {language === 'vi' ? d.name_vi : d.name_en}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.dateFrom')}
            <input
              type="date"
              value={form.dateFrom ?? ''}
              onChange={(e) => set('dateFrom')(e.target.value)}
            />
          </label>
          <label>
            {t('search.dateTo')}
            <input
              type="date"
              value={form.dateTo ?? ''}
              onChange={(e) => set('dateTo')(e.target.value)}
            />
          </label>
          <label>
            {t('search.person')}
            <input
              type="text"
              value={form.person ?? ''}
              maxLength={120}
              onChange={(e) => set('person')(e.target.value)}
            />
          </label>
        </fieldset>
      </form>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {busy && !result && <p role="status">{t('search.searching')}</p>}
      {result && (
        <div aria-live="polite">
          <p className="search-count">
            {shown?.capped
              ? t('search.resultsMore', { n: shown.total })
              : t('search.results', { n: shown?.total ?? 0 })}
          </p>
          {result.variants.length > 0 && (
            <p className="hint">{t('search.variants', { words: result.variants.join(', ') })}</p>
          )}
          {hits.length === 0 && <p className="empty-state">{t('search.none')}</p>}
          <ol className="search-results">
            {hits.map((hit) => (
              <li key={hit.pageId} className="search-result">
                <Link
                  to={viewRouteWithQuery(hit.case.id, hit.pageId, route.params.q ?? '')}
                  className="search-result-link"
                  onClick={() => {
                    // The audit trail records opened hits; a failure must not block navigation.
                    api
                      .searchHitOpened(hit.case.id, { pageId: hit.pageId, q: route.params.q ?? '' })
                      .catch(() => undefined);
                  }}
                >
                  <span className="search-result-case">
                    {hit.case.internalNumber ? `${hit.case.internalNumber} — ` : ''}
                    {hit.case.title}
                  </span>
                  <span className="search-result-place">
                    {hit.butLuc !== null
                      ? t('search.butLuc', { n: `${hit.butLuc}${hit.butLucSuffix ?? ''}` })
                      : t('search.place', { volume: hit.volume, seq: hit.seq })}
                    {' · '}
                    {hit.document ? typeName(hit.document.typeCode) : t('search.noDocument')}
                    {hit.document?.issuedOn ? ` · ${hit.document.issuedOn}` : ''}
                    {hit.exactWords ? '' : ` · ${t('search.ocrVariant')}`}
                  </span>
                </Link>
                <SearchSnippet snippet={hit.snippet} />
              </li>
            ))}
          </ol>
          {result.nextCursor && (
            <button type="button" onClick={() => void loadMore()} aria-disabled={busy}>
              {t('search.more')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
