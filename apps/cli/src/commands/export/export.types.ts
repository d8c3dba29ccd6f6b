import type { ApiClient } from '@sohoa/api-client';
import type { Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';

/** One file written by `sohoa export`. */
export interface ExportedFile {
  kind: string;
  format: string;
  /** Absolute path. */
  file: string;
  bytes: number;
  /** Further lines of the human summary. */
  notes?: Array<{ vi: string; en: string }>;
  [detail: string]: unknown;
}

/**
 * One kind of output of `sohoa export <case>`: an option (`--index <file>`, later `--pdf <file>`,
 * `--package <file>`), a check of its value before anything is downloaded, and the export itself.
 */
export interface ExportTarget {
  /** commander's attribute name of the option (`--index` → `index`). */
  key: string;
  /** What the file is, for the human summary ("thống kê tài liệu"). */
  label: { vi: string; en: string };
  flags: string;
  description: string;
  /** Options of its own (`--profile` of the PDF). */
  addOptions?: (command: Command) => void;
  validate: (input: { value: string; options: Record<string, unknown>; ctx: CliContext }) => void;
  run: (input: {
    api: ApiClient;
    caseId: string;
    value: string;
    options: Record<string, unknown>;
    ctx: CliContext;
  }) => Promise<ExportedFile>;
}
