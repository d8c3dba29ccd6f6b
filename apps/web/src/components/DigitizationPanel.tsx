import {
  DIGITIZATION_STATUS_LABELS,
  type DigitizationChecklistItem,
  type DigitizationState,
  type DigitizationStatus,
  type IntegrityReportDto,
  type Page,
} from '@sohoa/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { ErrorAlert } from './Alerts.tsx';

const ITEM_LABELS: Record<DigitizationChecklistItem, MessageKey> = {
  volumes_imported: 'digitization.item.volumes_imported',
  pages_processed: 'digitization.item.pages_processed',
  integrity_resolved: 'digitization.item.integrity_resolved',
  structure_reviewed: 'digitization.item.structure_reviewed',
  index_produced: 'digitization.item.index_produced',
  pdf_exported: 'digitization.item.pdf_exported',
};
const ANOMALY_LABELS: Record<IntegrityReportDto['anomalies'][number]['type'], MessageKey> = {
  missing: 'anomaly.missing',
  duplicate: 'anomaly.duplicate',
  skip: 'anomaly.skip',
  out_of_order: 'anomaly.out_of_order',
};
const ORDER: DigitizationStatus[] = [
  'RECEIVED',
  'SCANNING',
  'PROCESSING',
  'AWAITING_REVIEW',
  'REVIEWED',
  'APPROVED',
];

/**
 * The digitization procedure of the case (issue 8): where the file stands, what must hold before
 * approval, the steps this user may take, explanations of bút lục anomalies, and the history.
 */
export function DigitizationPanel({
  caseId,
  report,
  pages,
  onChanged,
  onJump,
}: {
  caseId: string;
  report: IntegrityReportDto | null;
  pages: readonly Page[];
  onChanged: () => void;
  onJump: (pageId: string) => void;
}) {
  const { language, t } = useI18n();
  const [state, setState] = useState<DigitizationState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reasonFor, setReasonFor] = useState<DigitizationStatus | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    try {
      setState((await api.getDigitization(caseId)).digitization);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [caseId]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (run: () => Promise<{ digitization: DigitizationState }>) => {
    setBusy(true);
    try {
      setState((await run()).digitization);
      setError(null);
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!state) {
    return error ? (
      <ErrorAlert lines={describeError(error, t)} />
    ) : (
      <p role="status">{t('app.loading')}</p>
    );
  }
  const label = (s: DigitizationStatus) => DIGITIZATION_STATUS_LABELS[s][language];
  const explained = new Map(state.explanations.map((e) => [e.anomalyKey, e]));
  const failed = pages.filter((p) => p.status === 'FAILED');
  const where = (pageId: string) => {
    const p = pages.find((x) => x.id === pageId);
    return p ? t('page.whereShort', { volume: p.volume, seq: p.seq }) : pageId;
  };

  const submitStep = async (event: FormEvent<HTMLFormElement>, to: DigitizationStatus) => {
    event.preventDefault();
    if (await act(() => api.transitionDigitization(caseId, { to, reason }))) {
      setReasonFor(null);
      setReason('');
    }
  };

  return (
    <section className="digitization" aria-labelledby="digitization-title">
      <h2 id="digitization-title">{t('digitization.title')}</h2>
      <ol className="procedure-steps" aria-label={t('digitization.states')}>
        {ORDER.map((s) => (
          <li
            key={s}
            aria-current={s === state.status ? 'step' : undefined}
            className={
              s === state.status
                ? 'procedure-step current'
                : ORDER.indexOf(s) < ORDER.indexOf(state.status)
                  ? 'procedure-step done'
                  : 'procedure-step'
            }
          >
            {label(s)}
          </li>
        ))}
      </ol>
      <ErrorAlert lines={error ? describeError(error, t) : []} />

      <h3>{t('digitization.checklist')}</h3>
      <ul className="checklist">
        {state.checklist.map((c) => (
          <li key={c.item} className={c.ok ? 'check-ok' : 'check-missing'}>
            <span aria-hidden="true">{c.ok ? '✔' : '✖'}</span> <span>{t(ITEM_LABELS[c.item])}</span>
            <span className="visually-hidden">
              {c.ok ? t('digitization.met') : t('digitization.notMet')}
            </span>
            {c.item === 'integrity_resolved' && !c.ok && (
              <span className="muted">
                {' '}
                — {t('digitization.unexplained', { n: Number(c.details.unexplained ?? 0) })}
              </span>
            )}
          </li>
        ))}
      </ul>

      <h3>{t('digitization.nextSteps')}</h3>
      {state.steps.length === 0 ? (
        <p className="muted">{t('digitization.noSteps')}</p>
      ) : (
        <ul className="step-actions">
          {state.steps.map((step) => {
            const blocked = step.blockedBy.length > 0;
            return (
              <li key={step.to}>
                {reasonFor === step.to ? (
                  <form onSubmit={(e) => void submitStep(e, step.to)} className="reason-form">
                    <label htmlFor={`reason-${step.to}`}>{t('digitization.reason')}</label>
                    <textarea
                      id={`reason-${step.to}`}
                      value={reason}
                      required
                      maxLength={2000}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <div className="button-row">
                      <button type="submit" disabled={busy || !reason.trim()}>
                        {t('digitization.moveTo', { state: label(step.to) })}
                      </button>
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => setReasonFor(null)}
                      >
                        {t('digitization.cancel')}
                      </button>
                    </div>
                  </form>
                ) : (
                  <button
                    type="button"
                    className={
                      ORDER.indexOf(step.to) < ORDER.indexOf(state.status)
                        ? 'button-secondary'
                        : undefined
                    }
                    disabled={busy || !step.allowed || blocked}
                    onClick={() =>
                      step.reasonRequired
                        ? setReasonFor(step.to)
                        : void act(() => api.transitionDigitization(caseId, { to: step.to }))
                    }
                  >
                    {t('digitization.moveTo', { state: label(step.to) })}
                  </button>
                )}
                {!step.allowed && <span className="muted"> {t('digitization.notYourRole')}</span>}
                {step.allowed && blocked && (
                  <span className="muted">
                    {' '}
                    {t('digitization.blockedBy', {
                      items: step.blockedBy.map((i) => t(ITEM_LABELS[i])).join('; '),
                    })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <h3>{t('digitization.explanations')}</h3>
      {(report?.anomalies.length ?? 0) + failed.length === 0 ? (
        <p className="notice-ok">{t('integrity.none')}</p>
      ) : (
        <ul className="anomaly-list">
          {report?.anomalies.map((a) => (
            <AnomalyRow
              key={a.key}
              text={t(ANOMALY_LABELS[a.type], {
                butluc: a.butluc ?? '?',
                skipped: (a.skipped ?? []).join(', '),
              })}
              pageIds={a.pages}
              anomalyKey={a.key}
              explanation={explained.get(a.key)?.note ?? null}
              where={where}
              busy={busy}
              onJump={onJump}
              onExplain={(note) =>
                act(() => api.explainAnomaly(caseId, { anomalyKey: a.key, note }))
              }
            />
          ))}
          {failed.map((p) => (
            <AnomalyRow
              key={p.id}
              text={t('digitization.failedPage')}
              pageIds={[p.id]}
              anomalyKey={`failed:${p.id}`}
              explanation={explained.get(`failed:${p.id}`)?.note ?? null}
              where={where}
              busy={busy}
              onJump={onJump}
              onExplain={(note) =>
                act(() => api.explainAnomaly(caseId, { anomalyKey: `failed:${p.id}`, note }))
              }
            />
          ))}
        </ul>
      )}

      {state.history.length > 0 && (
        <>
          <h3>{t('digitization.history')}</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('digitization.when')}</th>
                <th scope="col">{t('digitization.step')}</th>
                <th scope="col">{t('digitization.who')}</th>
                <th scope="col">{t('digitization.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {state.history.map((h) => (
                <tr key={h.id}>
                  <td>{new Date(h.at).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                  <td>
                    {label(h.from)} → {label(h.to)}
                  </td>
                  <td>
                    {h.actorName ?? '—'}
                    {h.automatic && ` (${t('digitization.automatic')})`}
                  </td>
                  <td>{h.reason ? reasonText(h.reason, t) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Automatic steps carry the audited change as their reason; show it in words. */
function reasonText(reason: string, t: ReturnType<typeof useI18n>['t']): string {
  const known: Record<string, MessageKey> = {
    'page.corrected': 'digitization.reason.page.corrected',
    'page.reprocessed': 'digitization.reason.page.reprocessed',
    'structure.edited': 'digitization.reason.structure.edited',
    'structure.edit_reverted': 'digitization.reason.structure.edit_reverted',
    'volume.created': 'digitization.reason.volume.created',
    'source.imported': 'digitization.reason.source.imported',
  };
  const key = known[reason];
  return key ? t(key) : reason;
}

function AnomalyRow({
  text,
  pageIds,
  anomalyKey,
  explanation,
  where,
  busy,
  onJump,
  onExplain,
}: {
  text: string;
  pageIds: string[];
  anomalyKey: string;
  explanation: string | null;
  where: (pageId: string) => string;
  busy: boolean;
  onJump: (pageId: string) => void;
  onExplain: (note: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(explanation ?? '');
  const id = `explain-${anomalyKey.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li className="anomaly">
      <span className="anomaly-text">{text}</span>
      <span className="anomaly-pages">
        {pageIds.map((pageId) => (
          <button
            key={pageId}
            type="button"
            className="button-small"
            onClick={() => onJump(pageId)}
            aria-label={t('integrity.jump', { where: where(pageId) })}
          >
            {where(pageId)}
          </button>
        ))}
      </span>
      {explanation && !editing && (
        <p className="explanation">
          {t('digitization.explainedAs')} <q>{explanation}</q>
        </p>
      )}
      {editing ? (
        <form
          className="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            void onExplain(note.trim()).then((ok) => ok && setEditing(false));
          }}
        >
          <label htmlFor={id}>{t('digitization.explanation')}</label>
          <textarea
            id={id}
            value={note}
            required
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" disabled={busy || !note.trim()}>
              {t('digitization.saveExplanation')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
              {t('digitization.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-small" onClick={() => setEditing(true)}>
          {explanation ? t('digitization.editExplanation') : t('digitization.explain')}
        </button>
      )}
    </li>
  );
}
