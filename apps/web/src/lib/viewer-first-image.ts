/**
 * The viewer's first page image, as a signal for the lists loaded after it: opening a case at its
 * viewer URL shows the page first, and only then asks for the integrity report, the structure and
 * the other lists (the embedded database answers one query at a time, so they would hold the image
 * back).
 */
let shown = 0;
let waiting: Array<() => void> = [];

/** The viewer has put a page image on screen. */
export function noteViewerImageShown(): void {
  shown++;
  const resolve = waiting;
  waiting = [];
  for (const r of resolve) {
    r();
  }
}

/** How many images the viewer has shown so far (pass it to `viewerImageShownAfter`). */
export function viewerImagesShown(): number {
  return shown;
}

/** Resolves once the viewer shows an image after `count` were shown, or after `timeoutMs`. */
export function viewerImageShownAfter(count: number, timeoutMs: number): Promise<void> {
  if (shown > count) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
