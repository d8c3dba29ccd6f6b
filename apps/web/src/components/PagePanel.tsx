import type { CorrectPageBody, Page, StructureDocumentDto } from '@sohoa/contracts';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { butLucRange, requestWidth } from '../lib/viewer-logic.ts';
import { ErrorAlert, Notice } from './Alerts.tsx';

const ROTATIONS = [0, 90, 180, 270] as const;
const SOURCE_LABELS: Record<NonNullable<Page['butLucSource']>, MessageKey> = {
  READ: 'page.sourceRead',
  INFERRED: 'page.sourceInferred',
  MANUAL: 'page.sourceManual',
};

/** The selected page: a preview, what was read, and its corrections (bút lục, rotation, blank). */
export function PagePanel({
  caseId,
  page,
  document,
  onChanged,
  onOpen,
  onUnauthorized,
}: {
  caseId: string;
  page: Page | null;
  document: StructureDocumentDto | null;
  onChanged: () => void;
  onOpen: (pageId: string) => void;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [butLuc, setButLuc] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  useEffect(() => {
    setButLuc(page?.butLuc === null || page?.butLuc === undefined ? '' : String(page.butLuc));
  }, [page?.id, page?.butLuc]);
  useEffect(() => {
    setError(null);
    setNotice(null);
  }, [page?.id]);

  if (!page) {
    return <p className="muted">{t('page.noneSelected')}</p>;
  }

  async function run(action: () => Promise<unknown>, done: MessageKey) {
    if (busy) {
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      onChanged();
    } catch (caught) {
      if (!onUnauthorized(caught)) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }
  const correct = (body: CorrectPageBody) =>
    run(() => api.correctPage(caseId, page.id, body), 'page.saved');

  const submitButLuc = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = butLuc.trim();
    void correct({ butLuc: value === '' ? null : Number(value) });
  };
  const range = document ? butLucRange(document) : null;

  return (
    <div className="page-panel">
      <h2>{t('page.title', { volume: page.volume, seq: page.seq })}</h2>
      <div className="page-panel-body">
        <button
          type="button"
          className="page-preview"
          onClick={() => onOpen(page.id)}
          aria-label={t('page.openViewer')}
        >
          {page.status === 'DONE' ? (
            <img
              src={api.pageImageUrl(caseId, page.id, {
                width: requestWidth(200, window.devicePixelRatio),
                v: page.imageVersion,
              })}
              alt=""
            />
          ) : (
            <span className="thumb-placeholder">{t('page.markPending')}</span>
          )}
        </button>
        <dl className="facts-list">
          <div>
            <dt>{t('page.file')}</dt>
            <dd>
              {page.fileName} #{page.sourceIndex + 1}
            </dd>
          </div>
          <div>
            <dt>{t('page.butLuc')}</dt>
            <dd>
              {page.butLuc ?? '—'}
              {page.butLucSource && ` (${t(SOURCE_LABELS[page.butLucSource])})`}
              {page.butLucRaw &&
                page.butLucSource !== 'MANUAL' &&
                ` · ${t('page.read', { raw: page.butLucRaw })}`}
            </dd>
          </div>
          {page.ocrConfidence !== null && (
            <div>
              <dt>{t('page.ocrConfidence')}</dt>
              <dd>{Math.round(page.ocrConfidence)}%</dd>
            </div>
          )}
          {document && (
            <div>
              <dt>{t('page.document')}</dt>
              <dd>
                {document.title ?? document.type.name[language]}
                {range && ` (${t('page.butLucShort')} ${range})`}
              </dd>
            </div>
          )}
          {page.error && (
            <div>
              <dt>{t('page.error')}</dt>
              <dd className="text-error">{page.error.message ?? page.error.code}</dd>
            </div>
          )}
        </dl>
      </div>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {notice && <Notice text={t(notice)} />}
      <form className="inline-form" onSubmit={submitButLuc}>
        <div className="field">
          <label htmlFor="page-butluc">{t('page.butLucInput')}</label>
          <input
            id="page-butluc"
            type="number"
            inputMode="numeric"
            min={0}
            max={1000000}
            value={butLuc}
            onChange={(e) => setButLuc(e.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('page.saveButLuc')}
        </button>
      </form>
      <fieldset className="rotation-field">
        <legend>{t('page.rotation')}</legend>
        <div className="button-row">
          {ROTATIONS.map((r) => (
            <button
              key={r}
              type="button"
              className="button-small"
              aria-pressed={page.rotation === r}
              onClick={() => page.rotation !== r && void correct({ rotation: r })}
            >
              {r}°
            </button>
          ))}
        </div>
      </fieldset>
      <div className="button-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={page.isBlank}
            onChange={(e) => void correct({ isBlank: e.target.checked })}
          />
          {t('page.blank')}
        </label>
        <button
          type="button"
          className="button-secondary"
          onClick={() => void run(() => api.reprocessPage(caseId, page.id), 'page.reprocessQueued')}
        >
          {t('page.reprocess')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onOpen(page.id)}>
          {t('page.openViewer')}
        </button>
      </div>
    </div>
  );
}
