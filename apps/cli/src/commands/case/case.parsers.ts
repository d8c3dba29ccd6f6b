import {
  isPersonRoleCode,
  type Charge,
  type CreateCaseBody,
  type Language,
} from '@sohoa/contracts';
import { InvalidArgumentError } from 'commander';

export type ChargeInput = NonNullable<CreateCaseBody['charges']>[number];
export type PartyInput = NonNullable<CreateCaseBody['parties']>[number];

/**
 * Parses `--charge "TỘI DANH[:ĐIỀU[:KHOẢN[:BỘ LUẬT]]]"`; the server defaults the law to BLHS 2015.
 *
 * @example
 * parseCharge('Trộm cắp tài sản:173:1') // { name: 'Trộm cắp tài sản', article: 173, clause: '1' }
 */
export function parseCharge(value: string): ChargeInput {
  const [name = '', article = '', clause = '', law = '', ...rest] = value
    .split(':')
    .map((part) => part.trim());
  if (!name || rest.length > 0) {
    throw new InvalidArgumentError(
      'dạng "Tội danh[:Điều[:Khoản[:Bộ luật]]]", ví dụ "Trộm cắp tài sản:173:1" / expected "name[:article[:clause[:law]]]".',
    );
  }
  const articleNo = Number(article);
  if (article && !(Number.isInteger(articleNo) && articleNo >= 1 && articleNo <= 999)) {
    throw new InvalidArgumentError(
      `điều luật phải là số 1–999 / article must be 1–999: "${article}".`,
    );
  }
  return {
    name,
    article: article ? articleNo : null,
    clause: clause || null,
    ...(law ? { law } : {}),
  };
}

/**
 * Parses `--party "Họ tên:MÃ_TƯ_CÁCH"`; the role code must be in the catalogue's person roles.
 *
 * @example
 * parseParty('Nguyễn Văn A:BI_CAN') // { fullName: 'Nguyễn Văn A', roleCode: 'BI_CAN' }
 */
export function parseParty(value: string): PartyInput {
  const separator = value.lastIndexOf(':');
  const fullName = value.slice(0, Math.max(separator, 0)).trim();
  const roleCode = value
    .slice(separator + 1)
    .trim()
    .toUpperCase();
  if (separator < 0 || !fullName || !roleCode) {
    throw new InvalidArgumentError(
      'dạng "Họ tên:MÃ_TƯ_CÁCH", ví dụ "Nguyễn Văn A:BI_CAN" / expected "full name:ROLE_CODE".',
    );
  }
  if (!isPersonRoleCode(roleCode)) {
    throw new InvalidArgumentError(
      `mã tư cách tố tụng "${roleCode}" không có trong danh mục (ví dụ BI_CAN, BI_HAI, NGUYEN_DON, BI_DON) / unknown party role code.`,
    );
  }
  return { fullName, roleCode };
}

/** A positive integer flag (`--page`, `--page-size`). */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError('cần một số nguyên dương / expected a positive integer.');
  }
  return n;
}

/**
 * Cites a charge the way Vietnamese legal texts do: "khoản 1 Điều 173 BLHS 2015"; a clause
 * "2.c" is point c of clause 2 ("điểm c khoản 2 Điều 173").
 */
export function formatCharge(charge: Charge, lang: Language): string {
  const [clauseNo, point] = (charge.clause ?? '').split('.');
  const parts: string[] = [];
  if (lang === 'vi') {
    if (point) {
      parts.push(`điểm ${point}`);
    }
    if (clauseNo) {
      parts.push(`khoản ${clauseNo}`);
    }
    if (charge.article !== null) {
      parts.push(`Điều ${charge.article}`);
    }
  } else if (charge.article !== null) {
    parts.push(
      `Article ${charge.article}${clauseNo ? `(${clauseNo})` : ''}${point ? `(${point})` : ''}`,
    );
  }
  parts.push(charge.law);
  return `${charge.name} — ${parts.join(' ')}`;
}
