import { randomBytes } from 'node:crypto';

export const ID_PREFIXES = {
  unit: 'unit',
  user: 'usr',
  session: 'ses',
  case: 'case',
  volume: 'vol',
  sourceFile: 'src',
  page: 'pg',
  document: 'doc',
  annotation: 'ann',
  job: 'job',
  party: 'pty',
  audit: 'aud',
  edit: 'edt',
  transition: 'dgt',
  explanation: 'exp',
  map: 'map',
  hearing: 'hrg',
  target: 'tgt',
  exhibit: 'exh',
  presentation: 'prs',
} as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A prefixed random id such as `case_k3x9…` (20 base-36 chars ≈ 103 bits): readable in logs and
 * URLs, and the prefix tells what an id names.
 */
export function generateId({ prefix }: { prefix: IdPrefix }): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const byte of bytes) {
    out += ALPHABET[byte % 36];
  }
  return `${prefix}_${out}`;
}
