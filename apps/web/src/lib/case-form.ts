import { CASE_STAGES } from '@sohoa/contracts';
import type {
  Case,
  CaseKind,
  CaseStage,
  Confidentiality,
  CreateCaseBody,
  UpdateCaseBody,
} from '@sohoa/contracts';

/*
 * The create / edit case form as plain data: the values typed (all strings), checks that mirror
 * the API's schema (so most mistakes are shown at once, next to the field), the request bodies, and
 * the server's validation issues mapped back onto the fields.
 */

export interface ChargeRow {
  name: string;
  article: string;
  clause: string;
  law: string;
}
export interface PartyRow {
  fullName: string;
  roleCode: string;
}

export interface CaseFormValues {
  title: string;
  kind: CaseKind | '';
  nationalCode: string;
  internalNumber: string;
  stage: CaseStage;
  confidentiality: Confidentiality;
  charges: ChargeRow[];
  parties: PartyRow[];
}

/** Field → error kind. Keys: `title`, `charges.0.name`, `parties.2.roleCode` … */
export type FormErrors = Record<string, FormErrorKind>;
export type FormErrorKind = 'required' | 'tooLong' | 'article' | 'invalid';

export const DEFAULT_LAW = 'BLHS 2015';

/** Stages only a criminal case goes through (tin báo, điều tra, truy tố). */
const CRIMINAL_ONLY_STAGES: readonly CaseStage[] = [
  'PRE_INVESTIGATION',
  'INVESTIGATION',
  'PROSECUTION',
];

/**
 * The stages a case of `kind` can be at: a civil, commercial, administrative, labour or family
 * case starts at the court (first instance); a criminal case (or a kind not chosen yet) has all.
 */
export function stagesForKind(kind: CaseKind | ''): readonly CaseStage[] {
  return kind === '' || kind === 'criminal'
    ? CASE_STAGES
    : CASE_STAGES.filter((s) => !CRIMINAL_ONLY_STAGES.includes(s));
}

/** The stage kept when the kind changes: the same when it applies, else the kind's first. */
export function stageForKind(kind: CaseKind | '', stage: CaseStage): CaseStage {
  const stages = stagesForKind(kind);
  return stages.includes(stage) ? stage : stages[0]!;
}

/** Charges (tội danh) belong to criminal cases. */
export function hasCharges(kind: CaseKind | ''): boolean {
  return kind === '' || kind === 'criminal';
}

export function emptyCaseForm(): CaseFormValues {
  return {
    title: '',
    kind: '',
    nationalCode: '',
    internalNumber: '',
    stage: 'INVESTIGATION',
    confidentiality: 'NORMAL',
    charges: [],
    parties: [],
  };
}

export function caseFormOf(c: Case): CaseFormValues {
  return {
    title: c.title,
    kind: c.kind,
    nationalCode: c.nationalCode ?? '',
    internalNumber: c.internalNumber ?? '',
    stage: c.stage,
    confidentiality: c.confidentiality,
    charges: c.charges.map((ch) => ({
      name: ch.name,
      article: ch.article === null ? '' : String(ch.article),
      clause: ch.clause ?? '',
      law: ch.law ?? DEFAULT_LAW,
    })),
    parties: c.parties.map((p) => ({ fullName: p.fullName, roleCode: p.roleCode })),
  };
}

export function validateCaseForm(values: CaseFormValues): FormErrors {
  const errors: FormErrors = {};
  const check = (
    key: string,
    value: string,
    { required = false, max }: { required?: boolean; max: number },
  ) => {
    const v = value.trim();
    if (required && !v) {
      errors[key] = 'required';
    } else if (v.length > max) {
      errors[key] = 'tooLong';
    }
  };
  check('title', values.title, { required: true, max: 500 });
  if (!values.kind) {
    errors.kind = 'required';
  }
  check('nationalCode', values.nationalCode, { max: 64 });
  check('internalNumber', values.internalNumber, { max: 64 });
  values.charges.forEach((ch, i) => {
    check(`charges.${i}.name`, ch.name, { required: true, max: 300 });
    const article = ch.article.trim();
    if (article && !/^\d{1,3}$/.test(article)) {
      errors[`charges.${i}.article`] = 'article';
    } else if (article && Number(article) < 1) {
      errors[`charges.${i}.article`] = 'article';
    }
    check(`charges.${i}.clause`, ch.clause, { max: 20 });
    check(`charges.${i}.law`, ch.law, { max: 50 });
  });
  values.parties.forEach((p, i) => {
    check(`parties.${i}.fullName`, p.fullName, { required: true, max: 200 });
    if (!p.roleCode) {
      errors[`parties.${i}.roleCode`] = 'required';
    }
  });
  return errors;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function chargesOf(values: CaseFormValues) {
  return values.charges.map((ch) => ({
    name: ch.name.trim(),
    article: ch.article.trim() ? Number(ch.article.trim()) : null,
    clause: orNull(ch.clause),
    law: ch.law.trim() || DEFAULT_LAW,
  }));
}
function partiesOf(values: CaseFormValues) {
  return values.parties.map((p) => ({ fullName: p.fullName.trim(), roleCode: p.roleCode }));
}

export function toCreateBody(values: CaseFormValues): CreateCaseBody {
  if (!values.kind) {
    throw new Error('kind is required');
  }
  return {
    title: values.title.trim(),
    kind: values.kind,
    nationalCode: orNull(values.nationalCode),
    internalNumber: orNull(values.internalNumber),
    stage: values.stage,
    confidentiality: values.confidentiality,
    charges: chargesOf(values),
    parties: partiesOf(values),
  };
}

/** Only what changed (an unchanged form sends an empty body, which the caller may skip). */
export function toUpdateBody(values: CaseFormValues, original: Case): UpdateCaseBody {
  const before = toCreateBody({ ...caseFormOf(original) });
  const after = toCreateBody({ ...values, kind: original.kind });
  const body: UpdateCaseBody = {};
  if (after.title !== before.title) {
    body.title = after.title;
  }
  if (after.nationalCode !== before.nationalCode) {
    body.nationalCode = after.nationalCode ?? null;
  }
  if (after.internalNumber !== before.internalNumber) {
    body.internalNumber = after.internalNumber ?? null;
  }
  if (after.stage !== before.stage) {
    body.stage = after.stage;
  }
  if (after.confidentiality !== before.confidentiality) {
    body.confidentiality = after.confidentiality;
  }
  if (JSON.stringify(after.charges) !== JSON.stringify(before.charges)) {
    body.charges = chargesOf(values);
  }
  if (JSON.stringify(after.parties) !== JSON.stringify(before.parties)) {
    body.parties = partiesOf(values);
  }
  return body;
}

/**
 * The server's validation issues (`path` like `charges.0.article`, or `body.title` from some
 * validators) on the form's fields; issues that name no field of the form are returned apart.
 */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
  values: CaseFormValues,
): { fields: Record<string, string>; other: string[] } {
  const known = new Set([
    'title',
    'kind',
    'nationalCode',
    'internalNumber',
    'stage',
    'confidentiality',
    ...values.charges.flatMap((_, i) =>
      ['name', 'article', 'clause', 'law'].map((f) => `charges.${i}.${f}`),
    ),
    ...values.parties.flatMap((_, i) => [`parties.${i}.fullName`, `parties.${i}.roleCode`]),
  ]);
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^(body|json)\./, '');
    if (known.has(path) && !fields[path]) {
      fields[path] = issue.message;
    } else {
      other.push(`${issue.path}: ${issue.message}`);
    }
  }
  return { fields, other };
}
