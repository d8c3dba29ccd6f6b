// Kept apart from guide.ts (the list of guides, on every screen through the help menu): marked
// then loads with the guide page only.
import { Marked, type Tokens } from 'marked';
import { guideHrefForLink, headingId } from './guide.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Markdown → HTML for the guide. Raw HTML in the Markdown is shown as text (never injected);
 * links to other guide files become app links, other relative links are dropped to plain text
 * (they point into the repository, which the LAN user cannot reach), http(s) links open in a new
 * tab; `img/<name>` images use `imageUrl` (the bundled asset) or, when the screenshot has not been
 * produced yet, a short note in place of the picture.
 */
export function renderGuideMarkdown(
  markdown: string,
  {
    imageUrl,
    missingImage,
  }: {
    imageUrl: (fileName: string) => string | null;
    missingImage: (alt: string) => string;
  },
): { html: string; headings: Array<{ id: string; text: string; depth: number }> } {
  const headings: Array<{ id: string; text: string; depth: number }> = [];
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(text);
      },
      heading(token) {
        const plain = token.text.replace(/[`*_]/g, '');
        const id = headingId(plain);
        headings.push({ id, text: plain, depth: token.depth });
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
      link(token) {
        const inner = this.parser.parseInline(token.tokens);
        const { href } = token;
        const internal = guideHrefForLink(href);
        if (internal) {
          return `<a href="${escapeHtml(internal)}" data-guide-link="">${inner}</a>`;
        }
        if (href.startsWith('#')) {
          return `<a href="${escapeHtml(href)}">${inner}</a>`;
        }
        if (/^https?:\/\//i.test(href)) {
          return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${inner}</a>`;
        }
        return inner;
      },
      image({ href, text }) {
        const name = /^(?:\.\/)?img\/([A-Za-z0-9._-]+\.png)$/.exec(href)?.[1];
        const url = name ? imageUrl(name) : null;
        if (!url) {
          return `<span class="guide-missing-image">${escapeHtml(missingImage(text))}</span>`;
        }
        return `<img src="${escapeHtml(url)}" alt="${escapeHtml(text)}" loading="lazy">`;
      },
    },
  });
  const html = marked.parse(markdown, { async: false });
  return { html, headings };
}
