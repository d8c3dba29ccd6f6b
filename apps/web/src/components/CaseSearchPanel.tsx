import { documentTypeOf, type CaseSearchHit, type CaseSearchResult } from '@sohoa/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { caseRoute } from '../lib/router.ts';
import { boxStyle, groupHitsByDocument, hitPlace, shownSearchTotal } from '../lib/search-view.ts';
import { useRouter } from '../lib/use-router.tsx';
import type { PageOverlayRenderer } from './Viewer.tsx';
import { ErrorAlert } from './Alerts.tsx';
import { SearchSnippet } from './SearchSnippet.tsx';

/** Draws the boxes of the hits on the page shown (a Viewer overlay). */
export function searchHitsOverlay(hits: readonly CaseSearchHit[]): PageOverlayRenderer {
  const render: PageOverlayRenderer = ({ page }) => {
    const hit = hits.find((h) => h.pageId === page.id);
    if (!hit?.uprightWidthPx || !hit.uprightHeightPx) {
      return null;
    }
    const { uprightWidthPx: w, uprightHeightPx: h } = hit;
    return hit.boxes.map((box, i) => (
      <span key={i} className="search-hit-box" style={boxStyle(box, w, h)} title={box.text} />
    ));
  };
  return render;
}

/**
 * Search within one case: a query box and the hits grouped by document and bút lục; choosing a
 * hit shows its page, where the parent draws the word boxes (`searchHitsOverlay`).
 */
export function CaseSearchPanel({
  caseId,
  initialQuery,
  currentPageId,
  onHits,
}: {
  caseId: string;
  initialQuery: string | undefined;
  currentPageId: string | null;
  onHits: (hits: CaseSearchHit[]) => void;
}) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const [q, setQ] = useState(initialQuery ?? '');
  const [exact, setExact] = useState(false);
  const [result, setResult] = useState<CaseSearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(query: string, exactMode: boolean) {
    if (!query.trim()) {
      setResult(null);
      onHits([]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.searchCase(caseId, {
        q: query,
        limit: 100,
        ...(exactMode ? { mode: 'exact' as const } : {}),
      });
      setResult(r);
      onHits(r.hits);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (initialQuery) {
      setQ(initialQuery);
      void run(initialQuery, false);
    }
    // Runs when a new query arrives from the URL (a global search hit), not on every keystroke.
  }, [initialQuery, caseId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(q, exact);
  };
  const shown = result ? shownSearchTotal({ result, loadedHits: result.hits.length }) : null;
  const typeName = (code: string | null) => {
    const type = code ? documentTypeOf(code) : undefined;
    return type ? (language === 'vi' ? type.name_vi : type.name_en) : t('search.noDocument');
  };
  return (
    <section className="case-search" aria-label={t('search.inCase')}>
      <form className="search-main" role="search" onSubmit={submit}>
        <label htmlFor="case-search-q">{t('search.inCase')}</label>
        <input
          id="case-search-q"
          type="search"
          value={q}
          maxLength={300}
          onChange={(e) => setQ(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={exact} onChange={(e) => setExact(e.target.checked)} />{' '}
          {t('search.exact')}
        </label>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('search.submit')}
        </button>
        {result && (
          <button
            type="button"
            onClick={() => {
              setQ('');
              setResult(null);
              onHits([]);
            }}
          >
            {t('search.clear')}
          </button>
        )}
      </form>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {result && (
        <nav aria-label={t('search.hitList')} className="case-search-hits">
          <p className="search-count" aria-live="polite">
            {shown?.capped
              ? t('search.resultsMore', { n: shown.total })
              : t('search.results', { n: shown?.total ?? 0 })}
          </p>
          {groupHitsByDocument(result.hits).map((group, gi) => (
            <div key={`${group.documentId ?? 'none'}-${gi}`} className="case-search-group">
              <h3>{group.title ?? typeName(group.typeCode)}</h3>
              <ul>
                {group.hits.map((hit) => {
                  const place = hitPlace(hit);
                  return (
                    <li key={hit.pageId}>
                      <button
                        type="button"
                        className="case-search-hit"
                        aria-current={hit.pageId === currentPageId ? 'true' : undefined}
                        onClick={() =>
                          navigate(caseRoute(caseId, 'view', { pageId: hit.pageId }), {
                            replace: true,
                          })
                        }
                      >
                        <strong>
                          {place.butLuc !== null
                            ? t('search.butLuc', { n: place.butLuc })
                            : t('search.place', { volume: place.volume, seq: place.seq })}
                        </strong>
                        <SearchSnippet snippet={hit.snippet} />
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
      )}
    </section>
  );
}
