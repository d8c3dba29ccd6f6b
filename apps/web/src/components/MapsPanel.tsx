import type { CaseMapSummary, MapImportFormat } from '@sohoa/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { useCaseData } from '../lib/use-case-data.ts';
import { ErrorAlert } from './Alerts.tsx';
import { MapEditor } from './MapEditor.tsx';
import '../maps.css';

type Data = ReturnType<typeof useCaseData>;

const IMPORT_EXTENSIONS: Record<string, MapImportFormat> = {
  xmind: 'xmind',
  mm: 'mm',
  opml: 'opml',
};

/**
 * The case's mind maps (sơ đồ hóa): the list shared with the case team, creating an empty map,
 * an automatic draft from the case structure, or importing an XMind/FreeMind/OPML file; the map
 * chosen opens in the editor.
 */
export function MapsPanel({
  caseId,
  data,
  onUnauthorized,
}: {
  caseId: string;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [maps, setMaps] = useState<CaseMapSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(
    async (select?: string | null) => {
      try {
        const r = await api.listMaps(caseId);
        setMaps(r.maps);
        setSelected((cur) =>
          select !== undefined
            ? select
            : cur && r.maps.some((m) => m.id === cur)
              ? cur
              : (r.maps[0]?.id ?? null),
        );
      } catch (e) {
        if (!onUnauthorized(e)) {
          setError(e);
        }
      }
    },
    [caseId, onUnauthorized],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (action: () => Promise<{ map: { id: string } }>) => {
    setBusy(true);
    setError(null);
    try {
      const { map } = await action();
      await reload(map.id);
    } catch (e) {
      if (!onUnauthorized(e)) {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const onImport = (file: File | undefined) => {
    if (!file) {
      return;
    }
    const format = IMPORT_EXTENSIONS[file.name.split('.').pop()?.toLowerCase() ?? ''];
    if (!format) {
      setError(new Error(t('maps.importBadFile')));
      return;
    }
    void run(async () => api.importMap(caseId, format, new Uint8Array(await file.arrayBuffer())));
  };

  return (
    <section className="maps-panel" aria-label={t('case.tabMaps')}>
      <aside className="maps-list">
        <h2>{t('maps.listTitle')}</h2>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void run(() => api.draftMap(caseId))}
        >
          {t('maps.draft')}
        </button>
        <form
          className="maps-new"
          onSubmit={(e) => {
            e.preventDefault();
            const name = title.trim() || t('maps.defaultTitle');
            void run(() => api.createMap(caseId, { title: name })).then(() => setTitle(''));
          }}
        >
          <label>
            {t('maps.newTitle')}
            <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t('maps.create')}
          </button>
        </form>
        <label className="file-pick">
          {t('maps.import')}
          <input
            type="file"
            accept=".xmind,.mm,.opml"
            disabled={busy}
            onChange={(e) => {
              onImport(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        {error !== null && <ErrorAlert lines={describeError(error, t)} />}
        {maps?.length === 0 && <p className="muted">{t('maps.empty')}</p>}
        <ul>
          {maps?.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="link-button"
                aria-current={m.id === selected ? 'true' : undefined}
                onClick={() => setSelected(m.id)}
              >
                {m.title}
              </button>
              <span className="muted">
                {' '}
                · {t('maps.nodeCount', { n: String(m.nodeCount) })} ·{' '}
                {new Date(m.updatedAt).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}
              </span>
            </li>
          ))}
        </ul>
      </aside>
      {selected && (
        <MapEditor
          key={selected}
          caseId={caseId}
          mapId={selected}
          data={data}
          onUnauthorized={onUnauthorized}
          onChanged={(deleted) => void reload(deleted ? null : undefined)}
        />
      )}
    </section>
  );
}
