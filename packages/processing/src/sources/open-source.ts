import { ProcessingError } from '../errors.ts';
import type { SourceKind, SourcePage } from '../types.ts';
import { fileSource, type SourceInput } from './byte-source.ts';
import { readImageSource } from './image.ts';
import type { SourceLimits } from './limits.ts';
import type { PageSource } from './page-source.ts';
import { readPdfSource } from './pdf.ts';
import { sniffSource } from './sniff.ts';

/**
 * Opens a PDF or image source for page-by-page splitting (ZIPs are expanded with expandZip first).
 * Prefer `{ path }` for large files: only the parts a page needs are read. Call `close()`.
 */
export async function openSource(
  input: SourceInput & { kind: SourceKind; limits?: Partial<SourceLimits> },
): Promise<PageSource> {
  const { kind } = input;
  if (kind === 'zip') {
    throw new RangeError('a ZIP has no pages: expand it with expandZip');
  }
  return kind === 'pdf' ? readPdfSource(input) : readImageSource({ ...input, kind });
}

/**
 * Identifies and validates a file on disk: its kind by content (see sniffSource) and its page count
 * (0 for a ZIP, which the caller expands). Throws ProcessingError (source.*) for a bad file.
 */
export async function inspectSource({
  path,
  fileName,
  sizeBytes,
  limits,
}: {
  path: string;
  fileName: string;
  sizeBytes: number;
  limits?: Partial<SourceLimits>;
}): Promise<{ kind: SourceKind; extensionKind: SourceKind | null; pageCount: number }> {
  if (sizeBytes === 0) {
    throw new ProcessingError({ code: 'source.empty', details: { fileName } });
  }
  const file = fileSource(path);
  let head: Uint8Array;
  try {
    head = file.read(0, 1024);
  } finally {
    file.close();
  }
  const { kind, extensionKind } = sniffSource({ head, fileName, sizeBytes });
  if (kind === 'zip') {
    return { kind, extensionKind, pageCount: 0 };
  }
  const source = await openSource({ path, kind, limits });
  try {
    return { kind, extensionKind, pageCount: source.pageCount };
  } finally {
    await source.close();
  }
}

/** Page `index` of a file on disk (opens, reads one page, closes: cheap for PDFs and TIFFs). */
export async function extractPage({
  path,
  kind,
  index,
  limits,
}: {
  path: string;
  kind: SourceKind;
  index: number;
  limits?: Partial<SourceLimits>;
}): Promise<SourcePage> {
  const source = await openSource({ path, kind, limits });
  try {
    return await source.readPage({ index });
  } finally {
    await source.close();
  }
}
