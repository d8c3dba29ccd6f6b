import { parseButLucQuery, type Exhibit } from '@sohoa/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { CaseData } from '../lib/use-case-data.ts';
import { ErrorAlert } from './Alerts.tsx';
import { PresenterConsole } from './PresenterConsole.tsx';

/** Moves one item of a list from index `from` to index `to`. */
function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** The case's exhibit list (add by bút lục, drag to reorder, notes) and the presenter console. */
export function CourtPanel({
  caseId,
  data,
  onUnauthorized,
}: {
  caseId: string;
  data: CaseData;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { t } = useI18n();
  const [exhibits, setExhibits] = useState<Exhibit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [butLuc, setButLuc] = useState('');
  const [second, setSecond] = useState('');
  const [label, setLabel] = useState('');
  const [dragged, setDragged] = useState<number | null>(null);
  const pages = data.pages ?? [];

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setError(null);
      try {
        await action();
      } catch (e) {
        if (!onUnauthorized(e)) {
          setError(e);
        }
      }
    },
    [onUnauthorized],
  );
  const reload = useCallback(
    () => run(async () => setExhibits((await api.listExhibits(caseId)).exhibits)),
    [caseId, run],
  );
  useEffect(() => void reload(), [reload]);

  const pageByButLuc = (value: string) => {
    const n = parseButLucQuery(value);
    const page = pages.find((p) => p.butLuc === n);
    if (!page) {
      throw new Error(t('court.noSuchButLuc', { value }));
    }
    return page;
  };

  const add = () =>
    run(async () => {
      const first = pageByButLuc(butLuc);
      const text = label.trim() || `BL ${first.butLuc}`;
      const body = second.trim()
        ? {
            kind: 'pair' as const,
            pageId: first.id,
            secondPageId: pageByButLuc(second).id,
            label: text,
          }
        : { kind: 'page' as const, pageId: first.id, label: text };
      await api.createExhibit(caseId, body);
      setButLuc('');
      setSecond('');
      setLabel('');
      await reload();
    });

  const reorder = (from: number, to: number) =>
    run(async () => {
      if (to < 0 || to >= exhibits.length || from === to) {
        return;
      }
      const next = moved(exhibits, from, to);
      setExhibits(next);
      setExhibits(
        (
          await api.reorderExhibits(
            caseId,
            next.map((e) => e.id),
          )
        ).exhibits,
      );
    });

  return (
    <section className="panel panel-wide court-panel" aria-labelledby="court-title">
      <h2 id="court-title">{t('court.title')}</h2>
      {error !== null && (
        <ErrorAlert
          lines={
            error instanceof Error && !('body' in error) ? [error.message] : describeError(error, t)
          }
        />
      )}
      {exhibits.length === 0 ? (
        <p>{t('court.empty')}</p>
      ) : (
        <ol className="exhibit-list">
          {exhibits.map((item, i) => (
            <li
              key={item.id}
              draggable
              data-exhibit={item.id}
              onDragStart={() => setDragged(i)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={() => {
                if (dragged !== null) {
                  void reorder(dragged, i);
                }
                setDragged(null);
              }}
            >
              <strong>{item.label}</strong>{' '}
              <span className="muted">
                {t(`court.kind.${item.kind}`)}
                {typeof item.page?.butLuc === 'number' ? ` · BL ${item.page.butLuc}` : ''}
                {typeof item.secondPage?.butLuc === 'number'
                  ? ` + BL ${item.secondPage.butLuc}`
                  : ''}
              </span>
              <label>
                {t('court.notes')}
                <textarea
                  defaultValue={item.notes}
                  rows={2}
                  onBlur={(event) => {
                    const notes = event.currentTarget.value;
                    if (notes !== item.notes) {
                      void run(async () => {
                        await api.updateExhibit(caseId, item.id, { notes });
                        await reload();
                      });
                    }
                  }}
                />
              </label>
              <button type="button" onClick={() => void reorder(i, i - 1)} disabled={i === 0}>
                {t('court.moveUp')}
              </button>
              <button
                type="button"
                onClick={() => void reorder(i, i + 1)}
                disabled={i === exhibits.length - 1}
              >
                {t('court.moveDown')}
              </button>
              <button
                type="button"
                onClick={() =>
                  void run(async () => {
                    await api.deleteExhibit(caseId, item.id);
                    await reload();
                  })
                }
              >
                {t('court.remove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <form
        className="court-add"
        aria-label={t('court.addTitle')}
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <h3>{t('court.addTitle')}</h3>
        <label>
          {t('court.butLuc')}
          <input value={butLuc} onChange={(e) => setButLuc(e.target.value)} required />
        </label>
        <label>
          {t('court.secondButLuc')}
          <input value={second} onChange={(e) => setSecond(e.target.value)} />
        </label>
        <label>
          {t('court.label')}
          <input value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button type="submit" className="button-primary">
          {t('court.add')}
        </button>
        <label className="file-pick">
          {t('court.media')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,video/mp4,video/webm"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) {
                void run(async () => {
                  await api.uploadExhibitMedia(caseId, file.name, label.trim(), file);
                  await reload();
                });
              }
            }}
          />
        </label>
      </form>
      <p>
        <a href={api.courtPackageUrl(caseId)} download>
          {t('court.downloadPackage')}
        </a>
      </p>
      <PresenterConsole caseId={caseId} exhibits={exhibits} pages={pages} />
    </section>
  );
}
