/*
 * Runs structureCase over the sohoa analyze outputs and scores documents with the samples' score.mjs.
 *
 *   npx tsx packages/processing/scripts/eval-structure.ts [--dir /tmp/structure-eval]
 *       [--samples /work/shared/samples] [--cases P1,P2] [--no-wait]
 *
 * Reads <dir>/<case>.analyze.json (evaluation format with pages[] text/blank/butluc), writes
 * <dir>/<case>.structure.json (same file with documents[] replaced) and prints the scorer output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  structureCase,
  type StructureCatalogue,
  type StructurePage,
} from '../src/structure/index.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const dir = option('dir', '/tmp/structure-eval');
const samples = option('samples', '/work/shared/samples');
const cases = option('cases', 'P1,P2').split(',');
const wait = !args.includes('--no-wait');
const print = (line: string) => process.stdout.write(`${line}\n`);
const here = path.dirname(fileURLToPath(import.meta.url));
const cataloguePath = path.resolve(here, '../../contracts/domain/document-types.json');

const CASE_KINDS: Record<string, string> = { P1: 'criminal', P2: 'commercial' };

interface AnalyzeOutput {
  pages: Array<{ ref: string; text?: string; blank?: boolean; butluc?: number | string | null }>;
  documents?: unknown[];
}

async function waitFor(file: string): Promise<boolean> {
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(file)) {
    if (
      !wait ||
      (existsSync(path.join(dir, 'ready')) && !existsSync(file)) ||
      Date.now() > deadline
    ) {
      return existsSync(file);
    }
    await new Promise((r) => setTimeout(r, 5000));
  }
  return true;
}

async function main() {
  const catalogue = JSON.parse(readFileSync(cataloguePath, 'utf8')) as StructureCatalogue;
  for (const name of cases) {
    const input = path.join(dir, `${name}.analyze.json`);
    if (!(await waitFor(input))) {
      print(`${name}: ${input} not found, skipped`);
      continue;
    }
    const folder = readdirSync(samples).find((f) => f.startsWith(`${name}_`));
    const data = JSON.parse(readFileSync(input, 'utf8')) as AnalyzeOutput;
    const pages: StructurePage[] = data.pages.map((p) => ({
      ref: p.ref,
      volume: Number(/tap_(\d+)/.exec(p.ref)?.[1] ?? 1),
      text: p.text ?? '',
      isBlank: p.blank === true || (p.text ?? '').trim() === '',
      butLuc: p.butluc === null || p.butluc === undefined ? null : Number(p.butluc),
    }));
    const started = performance.now();
    const { documents } = structureCase({
      pages,
      caseKind: CASE_KINDS[name] ?? 'criminal',
      catalogue,
    });
    const ms = performance.now() - started;
    const out = {
      ...data,
      documents: documents.map((d) => ({
        first_page: d.firstPage,
        last_page: d.lastPage,
        page_refs: d.pageRefs,
        type: d.type,
        number: d.number,
        date: d.date,
        title: d.title,
        issuing_agency: d.issuer,
        confidence: d.typeConfidence,
        reasons: d.reasons,
      })),
    };
    const output = path.join(dir, `${name}.structure.json`);
    writeFileSync(output, `${JSON.stringify(out, null, 2)}\n`);
    print(`== ${name}: ${String(documents.length)} documents in ${ms.toFixed(0)} ms → ${output}`);
    if (!folder) {
      continue;
    }
    const gt = path.join(samples, folder, 'ground_truth.json');
    const r = spawnSync(
      'node',
      [
        path.join(samples, 'score.mjs'),
        gt,
        output,
        ...args.filter((a) => a.startsWith('--worst')),
        ...(args.includes('--worst') ? [option('worst', '5')] : []),
      ],
      {
        encoding: 'utf8',
      },
    );
    print(r.stdout + r.stderr);
  }
}

main().catch((error: unknown) => {
  print(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
