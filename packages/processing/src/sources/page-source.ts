import type { SourceKind, SourcePage } from '../types.ts';

/**
 * An opened source file whose pages are taken one at a time by index, so a split job can stop and
 * resume anywhere and never holds more than one page in memory.
 *
 * @example
 * const source = await readPdfSource({ path, limits });
 * try {
 *   for await (const page of source.pages()) save(page);
 * } finally {
 *   await source.close();
 * }
 */
export interface PageSource {
  kind: SourceKind;
  pageCount: number;
  /** Page `index` (0-based). Idempotent: the same index always gives the same page. */
  readPage(args: { index: number }): Promise<SourcePage>;
  /** All pages in order, one at a time. */
  pages(): AsyncIterable<SourcePage>;
  /** Releases the file handle and the renderer. */
  close(): Promise<void>;
}

export function pagesOf(
  source: Pick<PageSource, 'pageCount' | 'readPage'>,
): () => AsyncIterable<SourcePage> {
  return async function* pages() {
    for (let index = 0; index < source.pageCount; index += 1) {
      yield await source.readPage({ index });
    }
  };
}

export function checkIndex(index: number, pageCount: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= pageCount) {
    throw new RangeError(`page index ${index} outside 0..${pageCount - 1}`);
  }
}

/**
 * Page bytes that own their memory. A page taken from an in-memory source is a view into the whole
 * file; a worker transferring it to the main thread would detach (empty) the file's buffer.
 */
export function withOwnedBytes(readPage: PageSource['readPage']): PageSource['readPage'] {
  return async (args) => {
    const page = await readPage(args);
    const { bytes } = page.image;
    const owned =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    return owned === bytes ? page : { ...page, image: { ...page.image, bytes: owned } };
  };
}
