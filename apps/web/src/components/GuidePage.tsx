import { useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { GUIDE_DOCS, guideDocBySlug } from '../lib/guide.ts';
import { renderGuideMarkdown } from '../lib/guide-render.ts';
import { parseRoute } from '../lib/router.ts';
import { Link, useRouter } from '../lib/use-router.tsx';

/*
 * The guide's Markdown and screenshots are bundled at build time (the LAN has no internet and the
 * server only serves the built SPA): the text of each page is its own chunk, loaded when opened;
 * screenshots become hashed assets. A screenshot not produced yet is simply absent from the map.
 */
const MARKDOWN = import.meta.glob<string>('../../../../docs/guide/*.md', {
  query: '?raw',
  import: 'default',
});
const IMAGES = import.meta.glob<string>('../../../../docs/guide/img/*.png', {
  query: '?url',
  import: 'default',
  eager: true,
});
const imageUrl = (name: string) => IMAGES[`../../../../docs/guide/img/${name}`] ?? null;

/** One page of the user guide (hướng dẫn sử dụng), with the list of pages beside it. */
export function GuidePage({ slug }: { slug: string | null }) {
  const { language, t } = useI18n();
  const { navigate } = useRouter();
  const doc = guideDocBySlug(slug);
  const [markdown, setMarkdown] = useState<{ file: string; text: string } | null>(null);
  const [failed, setFailed] = useState(false);
  const article = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!doc) {
      return;
    }
    let cancelled = false;
    setFailed(false);
    const load = MARKDOWN[`../../../../docs/guide/${doc.file}`];
    if (!load) {
      setFailed(true);
      return;
    }
    load().then(
      (text) => !cancelled && setMarkdown({ file: doc.file, text }),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [doc]);

  const rendered = useMemo(
    () =>
      markdown
        ? renderGuideMarkdown(markdown.text, {
            imageUrl,
            missingImage: (alt) => t('help.missingImage', { alt }),
          })
        : null,
    [markdown, t],
  );
  const ready = rendered !== null && markdown?.file === doc?.file;

  // A new page: show its anchor if the URL has one, else the top with focus on the title.
  useEffect(() => {
    if (!ready) {
      return;
    }
    const hash = decodeURIComponent(window.location.hash.slice(1));
    const target = hash ? document.getElementById(hash) : null;
    if (target) {
      target.scrollIntoView();
    } else {
      window.scrollTo({ top: 0 });
      const title = article.current?.querySelector('h1');
      if (title) {
        title.tabIndex = -1;
        title.focus();
      }
    }
  }, [ready, slug]);

  // Links between guide pages stay in the app (no reload).
  const onClick = (event: MouseEvent<HTMLElement>) => {
    const link = (event.target as HTMLElement).closest('a[data-guide-link]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    const url = new URL(link.getAttribute('href') ?? '/help', window.location.origin);
    navigate(parseRoute({ pathname: url.pathname, search: '' }));
    if (url.hash) {
      window.history.replaceState(null, '', `${url.pathname}${url.hash}`);
    }
  };

  return (
    <div className="guide">
      <nav className="guide-nav" aria-label={t('help.pages')}>
        <h2>{t('help.title')}</h2>
        <ul>
          {GUIDE_DOCS.map((d) => (
            <li key={d.file}>
              <Link
                to={{ name: 'help', doc: d.slug }}
                aria-current={d.slug === slug ? 'page' : undefined}
              >
                {d.title[language]}
              </Link>
            </li>
          ))}
        </ul>
        {rendered && rendered.headings.filter((h) => h.depth === 2).length > 1 && (
          <>
            <h2>{t('help.onThisPage')}</h2>
            <ul>
              {rendered.headings
                .filter((h) => h.depth === 2)
                .map((h) => (
                  <li key={h.id}>
                    <a href={`#${h.id}`}>{h.text}</a>
                  </li>
                ))}
            </ul>
          </>
        )}
      </nav>
      <article ref={article} className="guide-article" lang="vi" onClick={onClick}>
        {language !== 'vi' && <p className="guide-note">{t('help.vietnameseOnly')}</p>}
        {!doc && (
          <>
            <h1>{t('app.notFound')}</h1>
            <Link to={{ name: 'help', doc: null }}>{t('help.backToIndex')}</Link>
          </>
        )}
        {doc && failed && (
          <p role="alert" className="field-error">
            {t('help.loadFailed')}
          </p>
        )}
        {doc && !failed && !ready && <p role="status">{t('app.loading')}</p>}
        {doc && ready && <div dangerouslySetInnerHTML={{ __html: rendered.html }} />}
      </article>
    </div>
  );
}
