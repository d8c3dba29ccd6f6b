import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { structureCase, type PageAnalysis } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { intakeFiles } from '../intake/intake.usecases.ts';
import { getProgress } from '../pages/pages.usecases.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import type { PageProcessor } from './page-processor.types.ts';

/**
 * A page processor that reads scripted pages instead of images: each "file" is a JSON list of
 * pages (their OCR text and the bút lục read). Numbering and structuring rules are then tested
 * exactly and fast through the real pipeline, queue and database. Structuring is the real pure
 * function unless `structure: 'none'`.
 */
export interface ScriptedPage {
  text: string;
  butLuc: number | null;
  blank?: boolean;
}

/**
 * A white 70×99 JPEG: the upright image of every scripted page, so exports (the case file PDF)
 * have a real picture to embed. The scripted text travels in the "original" bytes.
 */
const WHITE_PAGE_JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCABjAEYDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD//Z',
    'base64',
  ),
);

export function createScriptedPageProcessor({
  structure = 'real',
}: { structure?: 'real' | 'none' } = {}): PageProcessor {
  // Parsed once per file: a 1,000-page scripted volume is read for every page otherwise.
  const parsed = new Map<string, Promise<ScriptedPage[]>>();
  const pagesOf = (path: string) => {
    let pages = parsed.get(path);
    if (!pages) {
      pages = readFile(path, 'utf8').then((text) => JSON.parse(text) as ScriptedPage[]);
      parsed.set(path, pages);
    }
    return pages;
  };
  return {
    async inspectSource({ path }) {
      return { kind: 'pdf', pageCount: (await pagesOf(path)).length };
    },
    expandZip: () => Promise.reject(new Error('no zip here')),
    async extractPage({ path, index }) {
      const page = (await pagesOf(path))[index]!;
      return {
        index,
        image: {
          bytes: new TextEncoder().encode(JSON.stringify(page)),
          format: 'png',
          widthPx: 100,
          heightPx: 141,
          dpi: null,
        },
        textLayer: null,
      };
    },
    analyzePage({ image }): Promise<PageAnalysis> {
      const page = JSON.parse(new TextDecoder().decode(image)) as ScriptedPage;
      return Promise.resolve({
        rotation: 0,
        skewDegrees: 0,
        isBlank: page.blank ?? false,
        upright: { bytes: WHITE_PAGE_JPEG, widthPx: 70, heightPx: 99 },
        ocr: page.blank ? null : { text: page.text, words: [], meanConfidence: 90, engine: 'fake' },
        butLuc: {
          value: page.butLuc,
          raw: page.butLuc === null ? null : String(page.butLuc),
          confidence: 0.9,
        },
      });
    },
    structureCase: (args) =>
      Promise.resolve(structure === 'real' ? structureCase(args) : { documents: [] }),
    close: () => Promise.resolve(),
  };
}

/** Creates a case, imports one scripted file per volume and waits until the pipeline is done. */
export async function ingestScriptedCase({
  deps,
  actor,
  volumes,
  kind = 'criminal',
  title = 'Vụ án',
}: {
  deps: ServerDependencies;
  actor: Actor;
  volumes: ScriptedPage[][];
  kind?: string;
  title?: string;
}): Promise<{ caseId: string }> {
  const { case: created } = await deps.casesRepository.create({
    fields: {
      unitId: actor.unitId,
      title,
      kind: kind as never,
      nationalCode: null,
      internalNumber: null,
      charges: [],
      stage: 'INVESTIGATION',
      confidentiality: 'NORMAL',
      parties: [],
    },
    createdBy: actor.userId,
    assigneeIds: [actor.userId],
  });
  for (const [i, pages] of volumes.entries()) {
    await intakeFiles({
      actor,
      caseId: created.id,
      volumeNumber: i + 1,
      files: [
        {
          name: `tap_0${String(i + 1)}.pdf`,
          open: () => Readable.from([Buffer.from(JSON.stringify(pages))]),
        },
      ],
      context: SYSTEM_CONTEXT,
      deps,
    });
  }
  for (;;) {
    const { progress } = await getProgress({
      actor,
      caseId: created.id,
      context: SYSTEM_CONTEXT,
      deps,
    });
    if (progress.finished) {
      return { caseId: created.id };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
