import {
  CASE_KIND_LABELS,
  CASE_STAGE_LABELS,
  CONFIDENTIALITY_LABELS,
  type Case,
} from '@sohoa/contracts';
import { CASE_KINDS, CASE_STAGES, CONFIDENTIALITY_LEVELS } from '../lib/enum-lists.ts';
import { ApiError } from '@sohoa/api-client';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import {
  DEFAULT_LAW,
  hasCharges,
  stageForKind,
  stagesForKind,
  fieldErrorsFromIssues,
  validateCaseForm,
  type CaseFormValues,
  type FormErrorKind,
} from '../lib/case-form.ts';
import type { RoleOption } from '../lib/party-roles.ts';
import { ErrorAlert } from './Alerts.tsx';
import { SelectField, TextField } from './Field.tsx';

const ERROR_TEXT: Record<FormErrorKind, MessageKey> = {
  required: 'caseForm.errorRequired',
  tooLong: 'caseForm.errorTooLong',
  article: 'caseForm.errorArticle',
  invalid: 'caseForm.errorInvalid',
};

/**
 * Every field of a case the API accepts: title, kind (fixed once created), codes, stage,
 * confidentiality, charges and parties. Errors are shown next to their field, from the checks
 * here and from the server's validation.
 */
export function CaseForm({
  initial,
  original,
  unitName,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: CaseFormValues;
  /** The case being edited (its kind cannot change); absent when creating. */
  original?: Case;
  unitName: string;
  submitLabel: string;
  /** Resolves when saved; a rejection is shown in the form. */
  onSubmit: (values: CaseFormValues) => Promise<void>;
  onCancel?: () => void;
}) {
  const { language, t } = useI18n();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [roles, setRoles] = useState<RoleOption[]>([]);
  const kind = original?.kind ?? values.kind;

  useEffect(() => {
    if (!kind) {
      return;
    }
    let cancelled = false;
    void import('../lib/party-roles.ts').then((m) => {
      if (!cancelled) {
        setRoles(m.partyRoleOptions(kind));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [kind]);

  const set = (patch: Partial<CaseFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const err = (key: string) => errors[key] ?? null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) {
      return;
    }
    const found = validateCaseForm({ ...values, kind: kind || '' });
    const messages = Object.fromEntries(
      Object.entries(found).map(([key, kindOf]) => [key, t(ERROR_TEXT[kindOf])]),
    );
    setErrors(messages);
    setFailure([]);
    if (Object.keys(messages).length > 0) {
      // Move to the first wrong field, so keyboard and screen reader users find it.
      const first = Object.keys(messages)[0]!;
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus(),
      );
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      const issues = error instanceof ApiError ? (error.body?.error.issues ?? []) : [];
      const mapped = fieldErrorsFromIssues(issues, values);
      setErrors(mapped.fields);
      setFailure(
        Object.keys(mapped.fields).length > 0 && mapped.other.length === 0
          ? [error instanceof Error ? error.message : t('errors.network')]
          : describeError(error, t),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="case-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorAlert lines={failure} />
      <div className="form-columns">
        <TextField
          label={t('caseForm.title')}
          value={values.title}
          maxLength={500}
          required
          data-field="title"
          error={err('title')}
          onChange={(e) => set({ title: e.target.value })}
        />
        {original ? (
          <div className="field">
            <span className="field-label">{t('cases.colKind')}</span>
            <p className="field-static">{CASE_KIND_LABELS[original.kind][language]}</p>
          </div>
        ) : (
          <SelectField
            label={t('cases.colKind')}
            value={values.kind}
            required
            data-field="kind"
            error={err('kind')}
            onChange={(e) => {
              const next = CASE_KINDS.find((k) => k === e.target.value) ?? '';
              set({
                kind: next,
                stage: stageForKind(next, values.stage),
                parties: values.parties.map((p) => ({ ...p, roleCode: '' })),
              });
            }}
          >
            <option value="">{t('caseForm.chooseKind')}</option>
            {CASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {CASE_KIND_LABELS[k][language]}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label={t('cases.colNumber')}
          hint={t('caseForm.internalNumberHint')}
          value={values.internalNumber}
          maxLength={64}
          data-field="internalNumber"
          error={err('internalNumber')}
          onChange={(e) => set({ internalNumber: e.target.value })}
        />
        <TextField
          label={t('case.nationalCode')}
          value={values.nationalCode}
          maxLength={64}
          data-field="nationalCode"
          error={err('nationalCode')}
          onChange={(e) => set({ nationalCode: e.target.value })}
        />
        <SelectField
          label={t('cases.colStage')}
          value={values.stage}
          data-field="stage"
          error={err('stage')}
          onChange={(e) => set({ stage: CASE_STAGES.find((s) => s === e.target.value)! })}
        >
          {(stagesForKind(kind).includes(values.stage)
            ? stagesForKind(kind)
            : [values.stage, ...stagesForKind(kind)]
          ).map((s) => (
            <option key={s} value={s}>
              {CASE_STAGE_LABELS[s][language]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('caseForm.confidentiality')}
          hint={t('caseForm.confidentialityHint')}
          value={values.confidentiality}
          data-field="confidentiality"
          error={err('confidentiality')}
          onChange={(e) =>
            set({
              confidentiality: CONFIDENTIALITY_LEVELS.find((c) => c === e.target.value)!,
            })
          }
        >
          {CONFIDENTIALITY_LEVELS.map((c) => (
            <option key={c} value={c}>
              {CONFIDENTIALITY_LABELS[c][language]}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <span className="field-label">{t('shell.unit')}</span>
          <p className="field-static">{unitName}</p>
        </div>
      </div>

      {(hasCharges(kind) || values.charges.length > 0) && (
        <fieldset className="rows-fieldset">
          <legend>{t('caseForm.charges')}</legend>
          {values.charges.length === 0 && <p className="muted">{t('caseForm.noCharges')}</p>}
          {values.charges.map((ch, i) => {
            const update = (patch: Partial<typeof ch>) =>
              set({ charges: values.charges.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
            return (
              <div
                className="form-row"
                key={i}
                role="group"
                aria-label={t('caseForm.chargeN', { n: i + 1 })}
              >
                <TextField
                  label={t('caseForm.chargeName')}
                  value={ch.name}
                  maxLength={300}
                  data-field={`charges.${i}.name`}
                  error={err(`charges.${i}.name`)}
                  onChange={(e) => update({ name: e.target.value })}
                />
                <TextField
                  label={t('caseForm.article')}
                  value={ch.article}
                  inputMode="numeric"
                  maxLength={3}
                  className="input-short"
                  data-field={`charges.${i}.article`}
                  error={err(`charges.${i}.article`)}
                  onChange={(e) => update({ article: e.target.value })}
                />
                <TextField
                  label={t('caseForm.clause')}
                  value={ch.clause}
                  maxLength={20}
                  className="input-short"
                  data-field={`charges.${i}.clause`}
                  error={err(`charges.${i}.clause`)}
                  onChange={(e) => update({ clause: e.target.value })}
                />
                <TextField
                  label={t('caseForm.law')}
                  value={ch.law}
                  maxLength={50}
                  className="input-short"
                  data-field={`charges.${i}.law`}
                  error={err(`charges.${i}.law`)}
                  onChange={(e) => update({ law: e.target.value })}
                />
                <button
                  type="button"
                  className="button-small"
                  aria-label={t('caseForm.removeChargeN', { n: i + 1 })}
                  onClick={() => set({ charges: values.charges.filter((_, j) => j !== i) })}
                >
                  {t('caseForm.remove')}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className="button-small"
            onClick={() =>
              set({
                charges: [
                  ...values.charges,
                  { name: '', article: '', clause: '', law: DEFAULT_LAW },
                ],
              })
            }
          >
            + {t('caseForm.addCharge')}
          </button>
        </fieldset>
      )}

      <fieldset className="rows-fieldset">
        <legend>{t('caseForm.parties')}</legend>
        {values.parties.length === 0 && <p className="muted">{t('caseForm.noParties')}</p>}
        {values.parties.map((p, i) => {
          const update = (patch: Partial<typeof p>) =>
            set({ parties: values.parties.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
          return (
            <div
              className="form-row"
              key={i}
              role="group"
              aria-label={t('caseForm.partyN', { n: i + 1 })}
            >
              <TextField
                label={t('caseForm.partyName')}
                value={p.fullName}
                maxLength={200}
                data-field={`parties.${i}.fullName`}
                error={err(`parties.${i}.fullName`)}
                onChange={(e) => update({ fullName: e.target.value })}
              />
              <SelectField
                label={t('caseForm.partyRole')}
                value={p.roleCode}
                data-field={`parties.${i}.roleCode`}
                error={err(`parties.${i}.roleCode`)}
                disabled={!kind}
                onChange={(e) => update({ roleCode: e.target.value })}
              >
                <option value="">{t('caseForm.chooseRole')}</option>
                {roles.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name[language]}
                  </option>
                ))}
                {p.roleCode && !roles.some((r) => r.code === p.roleCode) && (
                  <option value={p.roleCode}>{p.roleCode}</option>
                )}
              </SelectField>
              <button
                type="button"
                className="button-small"
                aria-label={t('caseForm.removePartyN', { n: i + 1 })}
                onClick={() => set({ parties: values.parties.filter((_, j) => j !== i) })}
              >
                {t('caseForm.remove')}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button-small"
          onClick={() => set({ parties: [...values.parties, { fullName: '', roleCode: '' }] })}
        >
          + {t('caseForm.addParty')}
        </button>
      </fieldset>

      <div className="form-actions button-row">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {busy ? t('caseForm.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('structure.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
