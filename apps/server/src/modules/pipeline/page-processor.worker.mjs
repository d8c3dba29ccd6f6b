// Worker-thread entry: TypeScript is loaded through tsx, as in bin/sohoa.mjs (no build step).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
if (workerData.imageThreads) {
  const { default: sharp } = await import('sharp');
  sharp.concurrency(workerData.imageThreads);
}
const { createPageProcessorTasks } = await import('./page-processor.tasks.ts');
const tasks = createPageProcessorTasks({ settings: workerData });

// Structured cloning drops an error's own properties (its `code`): return expected failures as data.
async function guarded(fn) {
  try {
    return { ok: await fn() };
  } catch (error) {
    if (error && error.name === 'ProcessingError') {
      return { processingError: { code: error.code, message: error.message } };
    }
    throw error;
  }
}

export const inspectSource = (args) => guarded(() => tasks.inspectSource(args));
export const expandZip = (args) => guarded(() => tasks.expandZip(args));
export const extractPage = (args) => guarded(() => tasks.extractPage(args));
export const analyzePage = (args) => guarded(() => tasks.analyzePage(args));
export const structureCase = (args) => guarded(() => tasks.structureCase(args));
