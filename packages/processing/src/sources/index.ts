/** Turning accepted input files into page images (CONVENTIONS.md §12: pure, worker-thread safe). */
export { bytesSource, fileSource, type ByteSource, type SourceInput } from './byte-source.ts';
export { readImageSource } from './image.ts';
export { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './limits.ts';
export { isJunkName, listSourceFiles, naturalCompare, sortNatural } from './natural-sort.ts';
export { extractPage, inspectSource, openSource } from './open-source.ts';
export type { PageSource } from './page-source.ts';
export { readPdfSource } from './pdf.ts';
export { MIN_TEXT_LAYER_LETTERS } from './pdf/text-layer.ts';
export { kindFromFileName, sniffSource } from './sniff.ts';
export { expandZip, type ZipEntryFile, type ZipSkipped } from './zip.ts';
