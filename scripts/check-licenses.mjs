#!/usr/bin/env node
// Checks that every runtime (non-dev) dependency in package-lock.json carries a licence compatible
// with sohoa's Apache-2.0. Run by `npm run check` and CI. Exit code 1 lists the offenders.
import { readFileSync } from 'node:fs';

const ALLOWED = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'CC-BY-4.0',
  'Unlicense',
  'Python-2.0',
  'Zlib',
  // File-level copyleft: compatible as an unmodified dependency.
  'MPL-2.0',
  // Font licence of Bitstream Vera / DejaVu: free use, embedding and redistribution; only a
  // modified font must be renamed. Permissive, used for the fonts embedded in exported PDFs.
  'Bitstream-Vera',
]);

// LGPL is fine for an unmodified, dynamically linked native library (libvips inside sharp's
// prebuilt @img packages): users can replace the shared library. Nowhere else.
const LGPL_ALLOWED_SCOPE = /^@img\//;

// Packages whose package.json lacks a licence field but whose README states one (checked by hand).
// "SEE LICENSE IN …" fields are resolved here too.
const DECLARED_ELSEWHERE = {
  'combine-errors': 'MIT',
  // LICENSE file: MIT (Devon Govett), PDFKit's PNG decoder.
  'png-js': 'MIT',
  // LICENSE file: Bitstream Vera licence, DejaVu changes in the public domain.
  'dejavu-fonts-ttf': 'Bitstream-Vera',
};

/** "(MIT OR Apache-2.0)" is fine when any alternative is allowed; "A AND B" needs all. */
function isAllowed(expression) {
  const clean = expression.replace(/[()]/g, '').trim();
  if (clean.includes(' OR ')) {
    return clean.split(' OR ').some((part) => isAllowed(part));
  }
  if (clean.includes(' AND ')) {
    return clean.split(' AND ').every((part) => isAllowed(part));
  }
  return ALLOWED.has(clean);
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const problems = [];
let checked = 0;
for (const [path, info] of Object.entries(lock.packages ?? {})) {
  if (!path.includes('node_modules/') || info.dev || info.link) {
    continue;
  }
  checked++;
  const name = path.replace(/^.*node_modules\//, '');
  const license =
    typeof info.license === 'string' && !info.license.startsWith('SEE LICENSE')
      ? info.license
      : DECLARED_ELSEWHERE[name];
  const lgplOk = LGPL_ALLOWED_SCOPE.test(name) && license?.replace(/LGPL-3\.0-or-later/g, 'MIT');
  if (!license || !(isAllowed(license) || (lgplOk && isAllowed(lgplOk)))) {
    problems.push(
      `${path.replace(/^.*node_modules\//, '')}@${info.version}: ${license ?? 'no licence field'}`,
    );
  }
}
if (problems.length > 0) {
  console.error(
    `Licences incompatible with Apache-2.0 (or unknown) in runtime dependencies:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`licences: ${checked} runtime packages, all compatible with Apache-2.0`);
