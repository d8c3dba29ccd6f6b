import type { SearchSnippet as Snippet } from '@sohoa/contracts';

/** A page-text extract with the hits marked (<mark>), as the server cut it. */
export function SearchSnippet({ snippet }: { snippet: Snippet }) {
  return (
    <p className="search-snippet">
      {snippet.map((segment, i) =>
        segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </p>
  );
}
