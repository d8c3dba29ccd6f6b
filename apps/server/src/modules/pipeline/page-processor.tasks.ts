/*
 * The page-processor tasks, run inside worker threads (or in-thread for tests). Each thread keeps its
 * own OCR engine and the last opened sources, so splitting a 1,000-page PDF parses it once per thread.
 */
import {
  analyzePage,
  structureCase as structureDocuments,
  type StructureCaseInput,
  type StructureCaseResult,
  type AnalyzePageOptions,
  createOcrEngine,
  expandZip,
  inspectSource,
  openSource,
  type OcrEngine,
  type OcrResult,
  type PageAnalysis,
  type PageSource,
  type SourceKind,
  type SourcePage,
} from '@sohoa/processing';

export interface TaskSettings {
  ocrEngine: 'auto' | 'tesseractjs' | 'tesseract_cli';
  /**
   * libvips threads per image operation (process-wide), when set. A dedicated worker process
   * gets its parallelism from the pool (one page per thread, one OCR thread each), so 1 keeps it
   * to the cores it was sized for instead of every operation fanning out over all of them.
   */
  imageThreads?: number;
}

const MAX_OPEN_SOURCES = 2;

export function createPageProcessorTasks({ settings }: { settings: TaskSettings }) {
  let engine: Promise<OcrEngine> | null = null;
  const opened = new Map<string, { source: Promise<PageSource>; usedAt: number }>();

  async function sourceFor({
    path,
    kind,
  }: {
    path: string;
    kind: SourceKind;
  }): Promise<PageSource> {
    let entry = opened.get(path);
    if (!entry) {
      entry = { source: openSource({ path, kind }), usedAt: Date.now() };
      opened.set(path, entry);
      // Bounded: a thread keeps at most two files open, whatever the size of the batch.
      while (opened.size > MAX_OPEN_SOURCES) {
        const [oldestPath, oldest] = [...opened.entries()].sort(
          (a, b) => a[1].usedAt - b[1].usedAt,
        )[0]!;
        opened.delete(oldestPath);
        void oldest.source.then((s) => s.close()).catch(() => undefined);
      }
    }
    entry.usedAt = Date.now();
    return entry.source;
  }

  return {
    async inspectSource(args: { path: string; fileName: string; sizeBytes: number }) {
      const { kind, pageCount } = await inspectSource(args);
      return { kind, pageCount };
    },
    expandZip: (args: { path: string; outDir: string }) => expandZip(args),
    async extractPage({
      path,
      kind,
      index,
    }: {
      path: string;
      kind: SourceKind;
      index: number;
    }): Promise<SourcePage> {
      const source = await sourceFor({ path, kind });
      return source.readPage({ index });
    },
    async analyzePage({
      image,
      textLayer,
      options,
    }: {
      image: Uint8Array;
      textLayer: OcrResult | null;
      options?: AnalyzePageOptions;
    }): Promise<PageAnalysis> {
      engine ??= createOcrEngine({ name: settings.ocrEngine });
      return analyzePage({
        image,
        engine: await engine,
        textLayer,
        ...(options ? { options } : {}),
      });
    },
    structureCase: (args: StructureCaseInput): Promise<StructureCaseResult> =>
      Promise.resolve(structureDocuments(args)),
    async close() {
      for (const { source } of opened.values()) {
        await source.then((s) => s.close()).catch(() => undefined);
      }
      opened.clear();
      if (engine) {
        await (await engine).close();
        engine = null;
      }
    },
  };
}
