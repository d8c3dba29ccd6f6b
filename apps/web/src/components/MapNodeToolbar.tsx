import { MAP_COLORS, MAP_ICONS, type MapLink, type MapNode } from '@sohoa/contracts';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { flattenDocuments } from '../lib/viewer-logic.ts';

type Data = ReturnType<typeof useCaseData>;

const range = (from: number | null, to: number | null) =>
  from === null ? '' : to !== null && to !== from ? ` (BL ${from}–${to})` : ` (BL ${from})`;

/**
 * Actions on the selected node: add, delete, undo/redo, colour, icon, and its link to the case
 * file — a document from the structure, or a page by its bút lục number.
 */
export function MapNodeToolbar({
  data,
  node,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onAddChild,
  onAddSibling,
  onDelete,
  onChange,
  onOpenLink,
}: {
  caseId: string;
  data: Data;
  node: MapNode | null;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onAddChild: () => void;
  onAddSibling: () => void;
  onDelete: () => void;
  onChange: (patch: Partial<Omit<MapNode, 'id' | 'parentId'>>) => void;
  onOpenLink: (link: MapLink) => void;
}) {
  const { language, t } = useI18n();
  const documents = useMemo(() => flattenDocuments(data.structure), [data.structure]);
  const [documentId, setDocumentId] = useState('');
  const [butLuc, setButLuc] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);

  const setLink = () => {
    setLinkError(null);
    if (butLuc.trim()) {
      const n = Number(butLuc.trim());
      const page = (data.pages ?? []).find((p) => p.butLuc === n);
      if (!page) {
        setLinkError(t('maps.butLucNotFound', { n: butLuc.trim() }));
        return;
      }
      onChange({ link: { kind: 'page', pageId: page.id } });
      setButLuc('');
      return;
    }
    const doc = documents.find((d) => d.id === documentId);
    if (doc) {
      onChange({
        link: {
          kind: 'document',
          documentId: doc.id,
          ...(doc.pageIds[0] ? { pageId: doc.pageIds[0] } : {}),
        },
      });
    }
  };

  return (
    <div className="map-toolbar" role="toolbar" aria-label={t('maps.node')}>
      <button type="button" onClick={onUndo} disabled={!canUndo} title={t('maps.undo')}>
        ↶
      </button>
      <button type="button" onClick={onRedo} disabled={!canRedo} title={t('maps.redo')}>
        ↷
      </button>
      <button type="button" onClick={onAddChild} disabled={!node} title={t('maps.addChild')}>
        {t('maps.addChild')}
      </button>
      <button type="button" onClick={onAddSibling} disabled={!node} title={t('maps.addSibling')}>
        {t('maps.addSibling')}
      </button>
      <button
        type="button"
        onClick={onDelete}
        disabled={!node || node.parentId === null}
        title={t('maps.deleteNode')}
      >
        {t('maps.deleteNode')}
      </button>
      {node && (
        <>
          <label>
            {t('maps.color')}{' '}
            <select
              value={node.color}
              onChange={(e) => onChange({ color: e.target.value as MapNode['color'] })}
            >
              {MAP_COLORS.map((c) => (
                <option key={c} value={c}>
                  {t(`maps.c.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('maps.icon')}{' '}
            <select
              value={node.icon}
              onChange={(e) => onChange({ icon: e.target.value as MapNode['icon'] })}
            >
              {MAP_ICONS.map((i) => (
                <option key={i} value={i}>
                  {t(`maps.i.${i}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {node.position && (
            <button type="button" onClick={() => onChange({ position: null })}>
              {t('maps.resetPosition')}
            </button>
          )}
          <fieldset className="map-link">
            <legend>{t('maps.link')}</legend>
            <select
              aria-label={t('maps.link')}
              value={documentId}
              onChange={(e) => setDocumentId(e.target.value)}
            >
              <option value="">{t('maps.linkNone')}</option>
              {documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {(d.title ?? d.type.name[language]) + range(d.butLucFrom, d.butLucTo)}
                </option>
              ))}
            </select>
            <label>
              {t('maps.butLuc')}{' '}
              <input
                inputMode="numeric"
                size={5}
                value={butLuc}
                onChange={(e) => setButLuc(e.target.value.replace(/\D/g, ''))}
              />
            </label>
            <button type="button" onClick={setLink} disabled={!documentId && !butLuc.trim()}>
              {t('maps.setLink')}
            </button>
            {node.link && (
              <>
                <button type="button" onClick={() => onOpenLink(node.link!)}>
                  {t('maps.openLink')}
                </button>
                <button type="button" onClick={() => onChange({ link: null })}>
                  {t('maps.removeLink')}
                </button>
              </>
            )}
            {linkError && <span role="alert">{linkError}</span>}
          </fieldset>
        </>
      )}
    </div>
  );
}
