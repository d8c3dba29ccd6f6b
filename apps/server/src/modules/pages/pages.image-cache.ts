/**
 * Page images resized for the viewer and the thumbnails, kept in memory (least recently used first
 * out, bounded in bytes). Keys name the source blob (content-addressed, so a rotated or replaced
 * page has a new key and never meets its old rendering) and the size. Two requests for one
 * rendering while it is being made share it: the viewer's prefetch of the next page and the
 * reader's keypress that follows it resize the scan once.
 */
export interface PageImageRendering {
  bytes: Uint8Array;
  contentType: string;
}

export function createPageImageCache({ maxBytes }: { maxBytes: number }) {
  const done = new Map<string, PageImageRendering>();
  const pending = new Map<string, Promise<PageImageRendering>>();
  let usedBytes = 0;
  let hits = 0;
  let misses = 0;

  const store = (key: string, rendering: PageImageRendering) => {
    if (rendering.bytes.length > maxBytes) {
      return;
    }
    const previous = done.get(key);
    if (previous) {
      usedBytes -= previous.bytes.length;
      done.delete(key);
    }
    done.set(key, rendering);
    usedBytes += rendering.bytes.length;
    for (const [oldest, old] of done) {
      if (usedBytes <= maxBytes) {
        break;
      }
      done.delete(oldest);
      usedBytes -= old.bytes.length;
    }
  };

  return {
    /** The rendering under `key`, made by `render` when neither kept nor being made. */
    async getOrRender({
      key,
      render,
    }: {
      key: string;
      render: () => Promise<PageImageRendering>;
    }): Promise<PageImageRendering> {
      const kept = done.get(key);
      if (kept) {
        hits++;
        // Most recently used last: Map keeps insertion order.
        done.delete(key);
        done.set(key, kept);
        return kept;
      }
      const inFlight = pending.get(key);
      if (inFlight) {
        hits++;
        return inFlight;
      }
      misses++;
      const made = render().then(
        (rendering) => {
          pending.delete(key);
          store(key, rendering);
          return rendering;
        },
        (error: unknown) => {
          pending.delete(key);
          throw error;
        },
      );
      pending.set(key, made);
      return made;
    },
    stats() {
      return { entries: done.size, usedBytes, maxBytes, hits, misses };
    },
  };
}

export type PageImageCache = ReturnType<typeof createPageImageCache>;
