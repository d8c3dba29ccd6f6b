import type { Case, CaseTimeline, SessionInfo, TimelineClock } from '@sohoa/contracts';
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { canEditCase } from '../lib/case-permissions.ts';
import type { CrimeCategoryOption } from '../lib/crime-categories.ts';
import { caseRoute } from '../lib/router.ts';
import {
  clockFlag,
  countByStatus,
  eventPersonNames,
  eventsInOrder,
  formatIsoDate,
  sortClocks,
} from '../lib/timeline-flags.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { Link } from '../lib/use-router.tsx';
import { flattenDocuments } from '../lib/viewer-logic.ts';
import { ErrorAlert, Notice } from './Alerts.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

const SOURCE_LABELS: Record<CaseTimeline['crimeCategory']['source'], MessageKey> = {
  override: 'timeline.source.override',
  explicit: 'timeline.source.explicit',
  penalty: 'timeline.source.penalty',
  unknown: 'timeline.source.unknown',
};
const UNIT_LABELS: Record<string, MessageKey> = {
  hour: 'timeline.unit.hour',
  day: 'timeline.unit.day',
  working_day: 'timeline.unit.working_day',
  month: 'timeline.unit.month',
};

/**
 * The procedural timeline: dated documents in order, and the deadline clocks (thời hạn tố tụng)
 * as coloured, labelled flags citing their article; the crime category and "near" threshold can be
 * set by those who may edit the case.
 */
export function TimelinePanel({
  caseInfo,
  session,
  data,
  onUnauthorized,
}: {
  caseInfo: Case;
  session: SessionInfo;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [timeline, setTimeline] = useState<CaseTimeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const structureKey = data.structure
    ? `${data.structure.documentCount}:${data.edits.length}`
    : 'none';

  useEffect(() => {
    let cancelled = false;
    api.getTimeline(caseInfo.id).then(
      (r) => !cancelled && setTimeline(r.timeline),
      (e: unknown) => !cancelled && !onUnauthorized(e) && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [caseInfo.id, structureKey, reload, onUnauthorized]);

  const firstPage = useMemo(
    () => new Map(flattenDocuments(data.structure).map((d) => [d.id, d.pageIds[0] ?? null])),
    [data.structure],
  );
  const docLink = (documentId: string, text: string) => {
    const pageId = firstPage.get(documentId) ?? null;
    return pageId ? <Link to={caseRoute(caseInfo.id, 'view', { pageId })}>{text}</Link> : text;
  };

  if (error) {
    return <ErrorAlert lines={describeError(error, t)} />;
  }
  if (!timeline) {
    return <p role="status">{t('app.loading')}</p>;
  }
  const clocks = sortClocks(timeline.clocks);
  const counts = countByStatus(timeline.clocks);
  const events = eventsInOrder(timeline.events);
  const category = timeline.crimeCategory;

  return (
    <div className="timeline-layout">
      <section className="panel panel-full" aria-labelledby="clocks-title">
        <div className="panel-heading">
          <h2 id="clocks-title">{t('timeline.clocksTitle', { n: clocks.length })}</h2>
          <p className="muted">
            {t('timeline.asOf', { date: formatIsoDate(timeline.today) })}
            {' · '}
            {(['exceeded', 'near', 'running', 'met'] as const)
              .filter((s) => counts[s])
              .map((s) => `${t(clockFlag(s).labelKey)}: ${counts[s]}`)
              .join(' · ')}
          </p>
        </div>
        {/* The crime category (Điều 9 BLHS) sets criminal deadlines only. */}
        {caseInfo.kind === 'criminal' && (
          <p>
            <strong>{t('timeline.crimeCategory')}:</strong>{' '}
            {category.name ? category.name[language] : t('timeline.categoryUnknown')}{' '}
            <span className="muted">
              ({t(SOURCE_LABELS[category.source])} · {category.article})
            </span>
            {category.verify && (
              <>
                {' '}
                <span className="mark mark-warn">{t('timeline.verify')}</span>
              </>
            )}
          </p>
        )}
        {caseInfo.kind === 'criminal' && category.reason[language] && (
          <p className="muted">{category.reason[language]}</p>
        )}
        {clocks.length === 0 ? (
          <p className="empty-state">{t('timeline.noClocks')}</p>
        ) : (
          <ul className="clock-list">
            {clocks.map((c, i) =>
              renderClock(c, `${c.code}-${c.key ?? ''}-${c.person ?? ''}-${i}`),
            )}
          </ul>
        )}
        {canEditCase(session, caseInfo) && (
          <ProcedureSettingsForm
            caseId={caseInfo.id}
            criminal={caseInfo.kind === 'criminal'}
            timeline={timeline}
            onSaved={() => setReload((n) => n + 1)}
            onUnauthorized={onUnauthorized}
          />
        )}
      </section>
      <section className="panel panel-full" aria-labelledby="events-title">
        <h2 id="events-title">{t('timeline.eventsTitle', { n: events.length })}</h2>
        {events.length === 0 && <p className="empty-state">{t('timeline.noEvents')}</p>}
        <ol className="event-list">
          {events.map((e, i) => (
            <li key={`${e.documentId}-${i}`}>
              <time dateTime={e.date} className="event-date">
                {formatIsoDate(e.date)}
              </time>
              <div>
                <p className="event-title">
                  {docLink(e.documentId, e.documentTitle ?? e.title[language])}
                </p>
                <p className="muted">
                  {[
                    e.title[language],
                    e.number ? t('structure.number', { value: e.number }) : null,
                    e.butLucFrom !== null
                      ? `${t('page.butLucShort')} ${e.butLucFrom}${e.butLucTo !== null && e.butLucTo !== e.butLucFrom ? `–${e.butLucTo}` : ''}`
                      : null,
                    e.volume !== null ? t('import.volume', { n: e.volume }) : null,
                    e.persons.length > 0 ? eventPersonNames(e.persons).join(', ') : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </div>
            </li>
          ))}
        </ol>
        {timeline.undated.length > 0 && (
          <p className="muted">{t('timeline.undated', { n: timeline.undated.length })}</p>
        )}
      </section>
    </div>
  );

  function renderClock(clock: TimelineClock, key: string) {
    const link = docLink;
    const flag = clockFlag(clock.status);
    const duration = clock.baseDuration
      ? `${clock.baseDuration.value} ${t(UNIT_LABELS[clock.baseDuration.unit] ?? 'timeline.unit.day')}`
      : null;
    return (
      <li key={key} className={`clock clock-${flag.tone}`}>
        <span className={`flag flag-${flag.tone}`} data-status={clock.status}>
          <span aria-hidden="true">{flag.symbol}</span> {t(flag.labelKey)}
        </span>
        <div className="clock-body">
          <p className="clock-name">
            <strong>{clock.name[language]}</strong>
            {clock.person && <span> — {clock.person}</span>}
            <span className="muted" title={clock.law}>
              {' '}
              ·{' '}
              {clock.article.includes(clock.law.split(' ')[0]!)
                ? clock.article
                : `${clock.article} ${clock.law}`}
            </span>
            {clock.verify && <span className="mark mark-warn">{t('timeline.verify')}</span>}
          </p>
          <p className="muted">
            {[
              clock.start
                ? `${t('timeline.start')}: ${formatIsoDate(clock.start.date)}`
                : t('timeline.notStarted'),
              duration ? `${t('timeline.duration')}: ${duration}` : null,
              clock.extensions.length > 0
                ? t('timeline.extensions', { n: clock.extensions.length })
                : null,
              clock.due ? `${t('timeline.due')}: ${formatIsoDate(clock.due)}` : null,
              clock.end ? `${t('timeline.end')}: ${formatIsoDate(clock.end.date)}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {clock.start && (
            <p className="muted">
              {link(clock.start.documentId, t('timeline.startDocument'))}
              {clock.end && <> · {link(clock.end.documentId, t('timeline.endDocument'))}</>}
            </p>
          )}
          {clock.reason && <p>{clock.reason[language]}</p>}
        </div>
      </li>
    );
  }
}

function ProcedureSettingsForm({
  caseId,
  criminal,
  timeline,
  onSaved,
  onUnauthorized,
}: {
  caseId: string;
  /** The crime category (Điều 9 BLHS) only exists for criminal cases. */
  criminal: boolean;
  timeline: CaseTimeline;
  onSaved: () => void;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [options, setOptions] = useState<CrimeCategoryOption[] | null>(null);
  const override =
    timeline.crimeCategory.source === 'override' ? timeline.crimeCategory.category : null;
  const [category, setCategory] = useState(override ?? '');
  const [near, setNear] = useState(String(timeline.nearWorkingDays));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nearError, setNearError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void import('../lib/crime-categories.ts').then((m) => {
      if (!cancelled) {
        setOptions(m.crimeCategoryOptions());
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) {
      return;
    }
    const n = Number(near);
    if (!/^\d{1,2}$/.test(near.trim()) || n > 60) {
      setNearError(t('timeline.nearError'));
      return;
    }
    setNearError(null);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.setProcedureSettings(caseId, {
        crimeCategory: criminal ? category || null : null,
        nearWorkingDays: n,
      });
      setSaved(true);
      onSaved();
    } catch (e) {
      if (!onUnauthorized(e)) {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="procedure-settings">
      <summary>{t('timeline.settings')}</summary>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {saved && <Notice text={t('timeline.settingsSaved')} />}
      <form className="inline-form" onSubmit={(e) => void submit(e)}>
        {criminal && (
          <div className="field">
            <label htmlFor="crime-category">{t('timeline.crimeCategoryOverride')}</label>
            <select
              id="crime-category"
              value={category}
              disabled={!options}
              onChange={(e) => setCategory(e.target.value)}
            >
              <option value="">{t('timeline.categoryAuto')}</option>
              {(options ?? []).map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name[language]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="near-days">{t('timeline.nearDays')}</label>
          <input
            id="near-days"
            inputMode="numeric"
            className="input-short"
            value={near}
            maxLength={2}
            aria-invalid={nearError ? true : undefined}
            aria-describedby={nearError ? 'near-days-error' : undefined}
            onChange={(e) => setNear(e.target.value)}
          />
          {nearError && (
            <p id="near-days-error" className="field-error">
              {nearError}
            </p>
          )}
        </div>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('timeline.saveSettings')}
        </button>
      </form>
    </details>
  );
}
