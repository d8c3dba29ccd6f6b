import { open } from 'node:fs/promises';
import { ProcessingError } from '@sohoa/processing';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';

/**
 * A page processor without PDF or OCR work, for intake tests: a file starting with `%PDF` is a
 * 1-page PDF, anything else is `source.unsupported_type`. Splitting is never reached.
 */
export function createFakePageProcessor(): PageProcessor {
  const unused = async (): Promise<never> => {
    throw new Error('not available in the fake page processor');
  };
  return {
    async inspectSource({ path }) {
      const handle = await open(path, 'r');
      try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, 4, 0);
        if (head.subarray(0, bytesRead).toString('latin1') === '%PDF') {
          return { kind: 'pdf', pageCount: 1 };
        }
      } finally {
        await handle.close();
      }
      throw new ProcessingError({ code: 'source.unsupported_type' });
    },
    expandZip: unused,
    extractPage: unused,
    analyzePage: unused,
    structureCase: () => Promise.resolve({ documents: [] }),
    close: async () => undefined,
  };
}

/** Distinct "PDF" bytes (the fake processor only looks at the first four). */
export const fakePdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`, 'latin1');
