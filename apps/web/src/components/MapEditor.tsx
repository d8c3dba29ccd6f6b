import type { CaseMap, MapExportFormat, MapLink, MapNode } from '@sohoa/contracts';
import { MAP_EXPORT_FORMATS } from '@sohoa/contracts';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { saveBlob } from '../lib/download.ts';
import { historyReducer, initialHistory } from '../lib/map-history.ts';
import { addChild, addSibling, neighbour, removeNode, updateNode } from '../lib/map-model.ts';
import { mapKeyCommand, type MapCommand } from '../lib/map-keys.ts';
import { caseRoute } from '../lib/router.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { useRouter } from '../lib/use-router.tsx';
import { flattenDocuments } from '../lib/viewer-logic.ts';
import { ErrorAlert } from './Alerts.tsx';
import { MapCanvas } from './MapCanvas.tsx';
import { MapNodeToolbar } from './MapNodeToolbar.tsx';

type Data = ReturnType<typeof useCaseData>;
type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

const AUTOSAVE_MS = 700;

/** One map: autosaved (debounced PUT with its version), undo/redo, keyboard editing, export. */
export function MapEditor({
  caseId,
  mapId,
  data,
  onUnauthorized,
  onChanged,
}: {
  caseId: string;
  mapId: string;
  data: Data;
  onUnauthorized: (error: unknown) => boolean;
  onChanged: (deleted: boolean) => void;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [map, setMap] = useState<CaseMap | null>(null);
  const [history, dispatch] = useReducer(historyReducer, initialHistory([]));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<{ id: string; initial: string | null } | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>(null);
  const version = useRef(0);
  const saved = useRef<MapNode[] | null>(null);
  const saving = useRef<Promise<void> | null>(null);
  const nodes = history.present;

  const fail = useCallback(
    (e: unknown) => {
      if (!onUnauthorized(e)) {
        setError(e);
      }
    },
    [onUnauthorized],
  );

  const load = useCallback(async () => {
    try {
      const r = await api.getMap(caseId, mapId);
      version.current = r.map.version;
      saved.current = r.map.document.nodes;
      setMap(r.map);
      dispatch({ type: 'reset', nodes: r.map.document.nodes });
      setSelectedId(r.map.document.nodes[0]?.id ?? null);
      setSaveState('saved');
      setError(null);
    } catch (e) {
      fail(e);
    }
  }, [caseId, mapId, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Saves the present nodes if they differ from the last saved ones (one save at a time). */
  const save = useCallback(
    async (current: MapNode[], changes: { title?: string } = {}) => {
      await saving.current;
      if (current === saved.current && changes.title === undefined) {
        return;
      }
      setSaveState('saving');
      const run = api
        .updateMap(caseId, mapId, {
          version: version.current,
          ...changes,
          ...(current !== saved.current ? { document: { nodes: current } } : {}),
        })
        .then(
          (r) => {
            version.current = r.map.version;
            saved.current = current;
            setMap((m) => (m ? { ...m, title: r.map.title, version: r.map.version } : m));
            setSaveState('saved');
          },
          (e: unknown) => {
            setSaveState('error');
            fail(e);
          },
        );
      saving.current = run;
      await run;
    },
    [caseId, mapId, fail],
  );

  const latest = useRef(nodes);
  latest.current = nodes;
  useEffect(() => {
    if (!map || nodes === saved.current || saveState === 'error') {
      return;
    }
    setSaveState('unsaved');
    const timer = setTimeout(() => void save(nodes), AUTOSAVE_MS);
    return () => clearTimeout(timer);
    // saveState is read, not watched: a failed save waits for a reload.
  }, [nodes, map, save]);
  // Leaving the map saves what is pending.
  useEffect(() => () => void save(latest.current), [save]);

  const apply = (next: MapNode[]) => dispatch({ type: 'apply', nodes: next });
  const selected = nodes.find((n) => n.id === selectedId) ?? null;

  const openLink = (link: MapLink) => {
    if (link.kind === 'node') {
      setSelectedId(link.nodeId);
      return;
    }
    if (link.kind === 'url') {
      window.open(link.url, '_blank', 'noopener');
      return;
    }
    const pageId =
      link.kind === 'document'
        ? (link.pageId ??
          flattenDocuments(data.structure).find((d) => d.id === link.documentId)?.pageIds[0])
        : link.pageId;
    if (pageId) {
      navigate(caseRoute(caseId, 'view', { pageId }));
    }
  };

  const run = (command: MapCommand) => {
    if (!selected) {
      return;
    }
    switch (command.kind) {
      case 'undo':
        return dispatch({ type: 'undo' });
      case 'redo':
        return dispatch({ type: 'redo' });
      case 'addChild':
      case 'addSibling': {
        const r = (command.kind === 'addChild' ? addChild : addSibling)(nodes, selected.id);
        apply(r.nodes);
        setSelectedId(r.id);
        return setEditingId({ id: r.id, initial: '' });
      }
      case 'delete': {
        const r = removeNode(nodes, selected.id);
        apply(r.nodes);
        return setSelectedId(r.selectedId);
      }
      case 'move':
        return setSelectedId(neighbour(nodes, selected.id, command.direction));
      case 'edit':
        return setEditingId({ id: selected.id, initial: command.initial });
      case 'toggle':
        return apply(updateNode(nodes, selected.id, { collapsed: !selected.collapsed }));
    }
  };

  const onKey = (e: React.KeyboardEvent) => {
    const command = editingId ? null : mapKeyCommand(e);
    if (command) {
      e.preventDefault();
      run(command);
    }
  };

  const doExport = async (format: MapExportFormat) => {
    try {
      await save(latest.current);
      const file = await api.exportMap(caseId, mapId, format);
      saveBlob(
        new Blob([file.bytes as BlobPart], { type: file.contentType }),
        file.fileName ?? `map.${format}`,
      );
    } catch (e) {
      fail(e);
    }
  };

  if (!map) {
    return error !== null ? (
      <ErrorAlert lines={describeError(error, t)} />
    ) : (
      <p>{t('app.loading')}</p>
    );
  }
  const status =
    saveState === 'saving'
      ? t('maps.saving')
      : saveState === 'saved'
        ? t('maps.saved')
        : t('maps.unsaved');
  return (
    <div className="map-editor">
      <header className="map-header">
        <h2>{map.title}</h2>
        <span className="muted" role="status" data-save-state={saveState}>
          {status}
        </span>
        <button
          type="button"
          onClick={() => {
            const name = window.prompt(t('maps.renamePrompt'), map.title)?.trim();
            if (name) {
              void save(latest.current, { title: name }).then(() => onChanged(false));
            }
          }}
        >
          {t('maps.rename')}
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t('maps.confirmDelete', { title: map.title }))) {
              api.deleteMap(caseId, mapId).then(() => onChanged(true), fail);
            }
          }}
        >
          {t('maps.delete')}
        </button>
        <span className="map-export" role="group" aria-label={t('maps.export')}>
          {t('maps.export')}:{' '}
          {MAP_EXPORT_FORMATS.map((f) => (
            <button key={f} type="button" onClick={() => void doExport(f)}>
              {f.toUpperCase()}
            </button>
          ))}
        </span>
      </header>
      {error !== null && (
        <div>
          <ErrorAlert lines={describeError(error, t)} />
          <button type="button" onClick={() => void load()}>
            {t('maps.reload')}
          </button>
        </div>
      )}
      <MapNodeToolbar
        caseId={caseId}
        data={data}
        node={selected}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onUndo={() => dispatch({ type: 'undo' })}
        onRedo={() => dispatch({ type: 'redo' })}
        onAddChild={() => run({ kind: 'addChild' })}
        onAddSibling={() => run({ kind: 'addSibling' })}
        onDelete={() => run({ kind: 'delete' })}
        onChange={(patch) => selected && apply(updateNode(nodes, selected.id, patch))}
        onOpenLink={openLink}
      />
      <MapCanvas
        nodes={nodes}
        selectedId={selectedId}
        editing={editingId}
        onSelect={setSelectedId}
        onKeyDown={onKey}
        onStartEdit={(id) => setEditingId({ id, initial: null })}
        onCommitEdit={(id, text) => {
          setEditingId(null);
          if (text !== null && text !== nodes.find((n) => n.id === id)?.text) {
            apply(updateNode(nodes, id, { text }));
          }
        }}
        onMove={(id, position) => apply(updateNode(nodes, id, { position }))}
        onToggle={(id) => {
          const n = nodes.find((m) => m.id === id);
          if (n) {
            apply(updateNode(nodes, id, { collapsed: !n.collapsed }));
          }
        }}
        onOpenLink={openLink}
      />
    </div>
  );
}
