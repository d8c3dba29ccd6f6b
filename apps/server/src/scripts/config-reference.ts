import { describeConfig } from '../modules/config/config.ts';

/** Markdown reference of every configuration variable, generated from the config `doc` strings. */
export function renderConfigReference(): string {
  const rows = describeConfig().map(
    (k) =>
      `| \`${k.env}\` | ${k.default ? `\`${k.default}\`` : '—'} | ${k.doc.replaceAll('|', '\\|')} |`,
  );
  return [
    '# Configuration reference',
    '',
    'Generated from the modules’ `*.config.ts` by `apps/server/src/scripts/config-reference.ts`;',
    'a test fails when this file is out of date (regenerate with `npx tsx apps/server/src/scripts/config-reference.ts > docs/configuration.md`).',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(renderConfigReference());
}
