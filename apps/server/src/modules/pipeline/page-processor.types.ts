import type {
  AnalyzePageOptions,
  StructureCaseInput,
  StructureCaseResult,
  PageAnalysis,
  SourceKind,
  SourcePage,
  OcrResult,
} from '@sohoa/processing';

/**
 * The CPU-heavy work of the pipeline, behind a port: a pool of worker threads in production, the
 * same functions in-thread for tests. Inputs are files and bytes; outputs plain data.
 */
export interface PageProcessor {
  /** Identifies and validates a source file; throws ProcessingError (code source.*) when bad. */
  inspectSource(args: {
    path: string;
    fileName: string;
    sizeBytes: number;
  }): Promise<{ kind: SourceKind; pageCount: number }>;
  /** Expands a ZIP into `outDir`; throws ProcessingError (source.zip_*) when unsafe. */
  expandZip(args: {
    path: string;
    outDir: string;
  }): Promise<{ entries: Array<{ name: string; path: string; sizeBytes: number }> }>;
  /** The image (and text layer) of page `index` (0-based) of a source. */
  extractPage(args: { path: string; kind: SourceKind; index: number }): Promise<SourcePage>;
  /** Orientation, deskew, blank, OCR, bút lục of one page image. */
  analyzePage(args: {
    image: Uint8Array;
    textLayer: OcrResult | null;
    options?: AnalyzePageOptions;
  }): Promise<PageAnalysis>;
  /** Documents of a case from its pages (segment, classify, extract). */
  structureCase(args: StructureCaseInput): Promise<StructureCaseResult>;
  close(): Promise<void>;
}
