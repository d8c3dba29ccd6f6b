import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderConfigReference } from './config-reference.ts';

it('docs/configuration.md is the current generated reference', () => {
  const committed = readFileSync(
    new URL('../../../../docs/configuration.md', import.meta.url),
    'utf8',
  );
  expect(committed).toBe(renderConfigReference());
});
