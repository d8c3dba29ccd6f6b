import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

export const pipelineConfig = defineConfig({
  ocrEngine: {
    env: 'OCR_ENGINE',
    doc: 'OCR engine: auto (native tesseract when installed with the Vietnamese model, else tesseract.js), tesseractjs or tesseract_cli.',
    schema: z.enum(['auto', 'tesseractjs', 'tesseract_cli']),
    default: 'auto',
  },
  maxFileBytes: {
    env: 'MAX_FILE_BYTES',
    doc: 'Largest accepted scanned file, in bytes (default 4 GiB).',
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 ** 3),
    default: 4 * 1024 ** 3,
  },
  hotFolderDir: {
    env: 'HOT_FOLDER_DIR',
    doc: 'Scan-to-folder root: files dropped in <dir>/<unit code>/<case number or id>/[tap_N/] are imported. Empty disables it.',
    schema: z.string(),
    default: (env: Record<string, string | undefined>) => `${env.DATA_DIR || './data'}/hot`,
  },
  hotFolderPollMs: {
    env: 'HOT_FOLDER_POLL_MS',
    doc: 'How often the hot folder is scanned; a file is imported once its size and time stay unchanged for one full interval.',
    schema: z.coerce.number().int().min(200).max(600_000),
    default: 2000,
  },
});
