import { describe } from 'vitest';
import { createTesseractCliEngine, isTesseractCliAvailable } from './tesseract-cli.ts';
import { runOcrEngineContract } from './drivers.test-suite.ts';

const available = await isTesseractCliAvailable();

describe.skipIf(!available)(
  `tesseract CLI driver${available ? '' : ' (SKIPPED: no `tesseract` with `vie` on this machine; apt-get install tesseract-ocr tesseract-ocr-vie)'}`,
  () => {
    runOcrEngineContract({ createEngine: () => createTesseractCliEngine() });
  },
);
