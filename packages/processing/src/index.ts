/** Pure page-level processing: no database, no blob store, no environment (CONVENTIONS.md §12). */
export * from './units/units.ts';
export * from './integrity/integrity.ts';
export * from './errors.ts';
export * from './types.ts';
export * from './sources/index.ts';
export {
  analyzePage,
  renderDisplay,
  DISPLAY_JPEG_QUALITY,
  type AnalyzePageOptions,
} from './page/analyze-page.ts';
export * from './ocr/ocr.registry.ts';
export * from './ocr/ocr.types.ts';
export * from './structure/index.ts';
export * from './integrity/stated-range.ts';
export * from './structure/charges.ts';
export * from './timeline/index.ts';
export * from './pdf/index.ts';
export { discardPartialFile, writeNewFile } from './files/partial-file.ts';
