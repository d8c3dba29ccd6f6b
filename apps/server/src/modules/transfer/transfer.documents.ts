import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../access/access.types.ts';
import { exportCaseIndex, type CaseIndexDeps } from '../case-index/case-index.usecases.ts';
import { exportCasePdf, type ExportsDeps } from '../exports/exports.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { ExtraFile } from './transfer.export.ts';

/**
 * The documents a transfer package carries besides the case data: the digital case file (PDF/A
 * master, built and verified by the exports module) and the index as DOCX and XLSX. Each is an
 * audited export of its own. `cleanup` removes the temporary index files once the package is written.
 */
export async function caseDocumentsForPackage({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: ExportsDeps & CaseIndexDeps;
}): Promise<{ extraFiles: ExtraFile[]; cleanup: () => Promise<void> }> {
  const { export: pdf } = await exportCasePdf({ caseId, profile: 'pdfa', actor, context, deps });
  const dir = path.join(deps.tempDir, 'package-documents', randomUUID());
  await mkdir(dir, { recursive: true });
  const extraFiles: ExtraFile[] = [{ name: 'ho-so.pdf', path: pdf.path }];
  try {
    for (const format of ['docx', 'xlsx'] as const) {
      const { bytes } = await exportCaseIndex({ actor, caseId, format, context, deps });
      const file = path.join(dir, `muc-luc.${format}`);
      await writeFile(file, bytes);
      extraFiles.push({ name: `muc-luc.${format}`, path: file });
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { extraFiles, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
