import type { Case, Page, StructureDocumentDto, StructureEdit } from '@sohoa/contracts';
import { useEffect, useMemo, useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import type { TypeOption } from '../lib/type-options.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { butLucRange } from '../lib/viewer-logic.ts';
import {
  PAGE_DRAG_TYPE,
  draggedPage,
  dropPageOnDocument,
  setDraggedPage,
} from '../lib/boundary-drag.ts';
import { ErrorAlert } from './Alerts.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

const REVIEW_LABELS: Record<string, MessageKey> = {
  type_unknown: 'structure.review.type_unknown',
  type_uncertain: 'structure.review.type_uncertain',
  date_unreadable: 'structure.review.date_unreadable',
};
const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'structure.field.title',
  number: 'structure.field.number',
  date: 'structure.field.date',
  issuer: 'structure.field.issuer',
  notes: 'structure.field.notes',
  type: 'structure.field.type',
  signer: 'structure.field.signer',
  boundaries: 'structure.field.boundaries',
};
const OP_LABELS: Record<string, MessageKey> = {
  split: 'structure.op.split',
  merge: 'structure.op.merge',
  moveBoundary: 'structure.op.moveBoundary',
  setType: 'structure.op.setType',
  editMetadata: 'structure.op.editMetadata',
  reorder: 'structure.op.reorder',
};

/**
 * Sections → documents, with the reviewer's corrections (docs/structure.md): split at the selected
 * page, merge with the next document, move the start to the selected page, change the type, edit
 * metadata, move up/down in the index; and the edit log with undo.
 */
export function StructurePanel({
  caseInfo,
  data,
  documents,
  pages,
  selectedPageId,
  onSelectPage,
  onUnauthorized,
}: {
  caseInfo: Case;
  data: Data;
  documents: StructureDocumentDto[];
  pages: readonly Page[];
  selectedPageId: string | null;
  onSelectPage: (pageId: string) => void;
  onUnauthorized: (error: unknown) => boolean;
}) {
  const { language, t } = useI18n();
  const [chosenDocId, setChosenDocId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<'none' | 'type' | 'metadata'>('none');
  const [dropOver, setDropOver] = useState<{ docId: string; valid: boolean } | null>(null);
  const [moved, setMoved] = useState<string | null>(null);

  const pageIndex = useMemo(() => new Map(pages.map((p, i) => [p.id, i])), [pages]);
  const pageById = useMemo(() => new Map(pages.map((p) => [p.id, p])), [pages]);
  const docOfSelected = selectedPageId
    ? (documents.find((d) => d.pageIds.includes(selectedPageId)) ?? null)
    : null;
  const chosen = documents.find((d) => d.id === chosenDocId) ?? docOfSelected;
  useEffect(() => setMode('none'), [chosen?.id]);
  // Structuring may have finished since the case was opened: show the latest on opening.
  const refresh = data.refresh;
  useEffect(() => void refresh(['structure', 'edits']), [refresh]);

  // Scan order, for "the next document" of a merge.
  const inScanOrder = useMemo(
    () =>
      [...documents].sort(
        (a, b) =>
          (pageIndex.get(a.pageIds[0] ?? '') ?? 0) - (pageIndex.get(b.pageIds[0] ?? '') ?? 0),
      ),
    [documents, pageIndex],
  );

  // Drag a page (a thumbnail, or a document's first / last page) onto the neighbouring document.
  const dropOn = (docId: string, pageId: string | null) =>
    pageId ? dropPageOnDocument({ documents: inScanOrder, pageId, targetId: docId }) : null;
  const dragHandlers = (docId: string) => ({
    onDragOver: (e: DragEvent<HTMLLIElement>) => {
      const result = dropOn(docId, draggedPage());
      if (!result || result.kind === 'same') {
        return;
      }
      if (result.kind === 'move') {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      }
      if (dropOver?.docId !== docId || dropOver.valid !== (result.kind === 'move')) {
        setDropOver({ docId, valid: result.kind === 'move' });
      }
    },
    onDragLeave: (e: DragEvent<HTMLLIElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) {
        setDropOver((o) => (o?.docId === docId ? null : o));
      }
    },
    onDrop: (e: DragEvent<HTMLLIElement>) => {
      e.preventDefault();
      setDropOver(null);
      const pageId = e.dataTransfer.getData(PAGE_DRAG_TYPE) || draggedPage();
      setDraggedPage(null);
      const result = dropOn(docId, pageId);
      if (result?.kind === 'move') {
        const target = documents.find((d) => d.id === docId);
        void edit(result.edit).then((ok) => {
          if (ok && target) {
            setMoved(
              t('structure.dropDone', {
                n: result.pages,
                title: target.title ?? target.type.name[language],
              }),
            );
          }
        });
      }
    },
  });

  async function edit(body: StructureEdit): Promise<boolean> {
    if (busy) {
      return false;
    }
    setMoved(null);
    setBusy(true);
    setError(null);
    try {
      await api.editStructure(caseInfo.id, body);
      setMode('none');
      await data.refresh(['structure', 'edits']);
      return true;
    } catch (caught) {
      if (!onUnauthorized(caught)) {
        setError(caught);
      }
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function undo(editId: string) {
    setBusy(true);
    setError(null);
    try {
      await api.revertStructureEdit(caseInfo.id, editId);
      await data.refresh(['structure', 'edits']);
    } catch (caught) {
      if (!onUnauthorized(caught)) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }

  if (!data.structure) {
    return <p role="status">{t('app.loading')}</p>;
  }
  const selectedPage = selectedPageId ? pageById.get(selectedPageId) : undefined;
  const selectedWhere = selectedPage
    ? t('page.whereShort', { volume: selectedPage.volume, seq: selectedPage.seq })
    : null;

  const actions =
    chosen &&
    (() => {
      const scanAt = inScanOrder.findIndex((d) => d.id === chosen.id);
      const next = inScanOrder[scanAt + 1];
      const mergeable = next && next.volume === chosen.volume ? next : null;
      const section = data.structure.sections.find((s) =>
        s.documents.some((d) => d.id === chosen.id),
      );
      const inSection = section?.documents ?? [];
      const at = inSection.findIndex((d) => d.id === chosen.id);
      const canSplit =
        !!selectedPageId &&
        chosen.pageIds.includes(selectedPageId) &&
        chosen.pageIds[0] !== selectedPageId;
      const canMove =
        !!selectedPageId &&
        chosen.pageIds[0] !== selectedPageId &&
        (chosen.pageIds.includes(selectedPageId) ||
          (inScanOrder[scanAt - 1]?.pageIds.includes(selectedPageId) ?? false));
      return (
        <div
          className="doc-actions"
          role="group"
          aria-label={t('structure.actionsFor', {
            title: chosen.title ?? chosen.type.name[language],
          })}
        >
          <p className="muted">
            {selectedWhere
              ? t('structure.selectedPage', { where: selectedWhere })
              : t('structure.selectPageHint')}
          </p>
          {chosen.pageIds.length > 0 && (
            <p className="doc-edges">
              <span className="muted">{t('structure.dragHint')}</span>
              {[
                { pageId: chosen.pageIds[0]!, label: t('structure.firstPage') },
                {
                  pageId: chosen.pageIds[chosen.pageIds.length - 1]!,
                  label: t('structure.lastPage'),
                },
              ].map(({ pageId, label }) => (
                <button
                  key={label}
                  type="button"
                  className="doc-edge button-small"
                  draggable
                  data-edge-page={pageId}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PAGE_DRAG_TYPE, pageId);
                    e.dataTransfer.effectAllowed = 'move';
                    setDraggedPage(pageId);
                  }}
                  onDragEnd={() => setDraggedPage(null)}
                  onClick={() => onSelectPage(pageId)}
                >
                  {label}
                </button>
              ))}
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button-small"
              disabled={!canSplit || busy}
              onClick={() => selectedPageId && void edit({ op: 'split', pageId: selectedPageId })}
            >
              {t('structure.split')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={!canMove || busy}
              onClick={() =>
                selectedPageId &&
                void edit({ op: 'moveBoundary', documentId: chosen.id, toPageId: selectedPageId })
              }
            >
              {t('structure.moveStart')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={!mergeable || busy}
              onClick={() =>
                mergeable && void edit({ op: 'merge', documentIds: [chosen.id, mergeable.id] })
              }
            >
              {t('structure.mergeNext')}
            </button>
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button-small"
              aria-expanded={mode === 'type'}
              onClick={() => setMode(mode === 'type' ? 'none' : 'type')}
            >
              {t('structure.changeType')}
            </button>
            <button
              type="button"
              className="button-small"
              aria-expanded={mode === 'metadata'}
              onClick={() => setMode(mode === 'metadata' ? 'none' : 'metadata')}
            >
              {t('structure.editMetadata')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={at <= 0 || busy}
              aria-label={t('structure.moveUpLabel')}
              onClick={() =>
                void edit({
                  op: 'reorder',
                  documentId: chosen.id,
                  afterDocumentId: at >= 2 ? inSection[at - 2]!.id : null,
                })
              }
            >
              ↑ {t('structure.moveUp')}
            </button>
            <button
              type="button"
              className="button-small"
              disabled={at < 0 || at >= inSection.length - 1 || busy}
              aria-label={t('structure.moveDownLabel')}
              onClick={() =>
                void edit({
                  op: 'reorder',
                  documentId: chosen.id,
                  afterDocumentId: inSection[at + 1]!.id,
                })
              }
            >
              ↓ {t('structure.moveDown')}
            </button>
          </div>
          {mode === 'type' && (
            <TypeForm
              caseKind={caseInfo.kind}
              doc={chosen}
              busy={busy}
              onSubmit={(typeCode) => void edit({ op: 'setType', documentId: chosen.id, typeCode })}
              onCancel={() => setMode('none')}
            />
          )}
          {mode === 'metadata' && (
            <MetadataForm
              doc={chosen}
              busy={busy}
              onSubmit={(fields) =>
                void edit({ op: 'editMetadata', documentId: chosen.id, fields })
              }
              onCancel={() => setMode('none')}
            />
          )}
        </div>
      );
    })();

  return (
    <div className="structure">
      <h2>{t('structure.title', { n: data.structure.documentCount })}</h2>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      {moved && (
        <p role="status" className="alert alert-notice">
          {moved}
        </p>
      )}
      {data.structure.documentCount === 0 && <p className="muted">{t('structure.empty')}</p>}
      {data.structure.sections.map((section) => (
        <section
          key={section.code}
          className="structure-section"
          aria-label={section.name[language]}
        >
          <h3>{section.name[language]}</h3>
          <ol className="doc-list">
            {section.documents.map((doc) => {
              const range = butLucRange(doc);
              const isChosen = chosen?.id === doc.id;
              return (
                <li
                  key={doc.id}
                  className={`doc-item${isChosen ? ' doc-chosen' : ''}${
                    dropOver?.docId === doc.id
                      ? dropOver.valid
                        ? ' doc-drop-over'
                        : ' doc-drop-invalid'
                      : ''
                  }`}
                  data-document-id={doc.id}
                  {...dragHandlers(doc.id)}
                >
                  <button
                    type="button"
                    className="doc-row"
                    aria-pressed={isChosen}
                    onClick={() => {
                      setChosenDocId(doc.id);
                      if (doc.pageIds[0]) {
                        onSelectPage(doc.pageIds[0]);
                      }
                    }}
                  >
                    <span className="doc-title">{doc.title ?? doc.type.name[language]}</span>
                    <span className="doc-meta">
                      {doc.type.name[language]}
                      {doc.number && ` · ${t('structure.number', { value: doc.number })}`}
                      {doc.date && ` · ${formatDate(doc.date)}`}
                      {` · ${range ? `${t('page.butLucShort')} ${range}` : t('structure.noButLuc')}`}
                      {` · ${t('structure.pages', { n: doc.pageIds.length })}`}
                    </span>
                    {(doc.review.length > 0 || doc.origin === 'HUMAN') && (
                      <span className="doc-flags">
                        {doc.review.map((r) => (
                          <span key={r} className="mark mark-warn">
                            {t(REVIEW_LABELS[r] ?? 'structure.review.other')}
                          </span>
                        ))}
                        {doc.origin === 'HUMAN' && (
                          <span className="mark mark-info">
                            {doc.edited.length > 0
                              ? t('structure.edited', {
                                  fields: doc.edited
                                    .map((f) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f))
                                    .join(', '),
                                })
                              : t('structure.editedBoundary')}
                          </span>
                        )}
                      </span>
                    )}
                  </button>
                  {isChosen && actions}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <EditLog data={data} busy={busy} onUndo={(id) => void undo(id)} />
    </div>
  );
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function TypeForm({
  caseKind,
  doc,
  busy,
  onSubmit,
  onCancel,
}: {
  caseKind: string;
  doc: StructureDocumentDto;
  busy: boolean;
  onSubmit: (typeCode: string) => void;
  onCancel: () => void;
}) {
  const { language, t } = useI18n();
  const [options, setOptions] = useState<TypeOption[] | null>(null);
  const [value, setValue] = useState(doc.type.code);
  useEffect(() => {
    let cancelled = false;
    void import('../lib/type-options.ts').then((m) => {
      if (!cancelled) {
        setOptions(m.typeOptionsFor({ caseKind, currentCode: doc.type.code }));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [caseKind, doc.type.code]);
  return (
    <form
      className="doc-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value);
      }}
    >
      <div className="field">
        <label htmlFor="doc-type">{t('structure.typeLabel')}</label>
        <select
          id="doc-type"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          disabled={!options}
        >
          {(options ?? [{ code: doc.type.code, name: doc.type.name }]).map((o) => (
            <option key={o.code} value={o.code}>
              {o.name[language]}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('structure.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('structure.cancel')}
        </button>
      </div>
    </form>
  );
}

const METADATA_FIELDS = ['title', 'number', 'date', 'issuer', 'notes'] as const;
type MetadataField = (typeof METADATA_FIELDS)[number];

function MetadataForm({
  doc,
  busy,
  onSubmit,
  onCancel,
}: {
  doc: StructureDocumentDto;
  busy: boolean;
  onSubmit: (fields: Partial<Record<MetadataField, string | null>>) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const initial = Object.fromEntries(METADATA_FIELDS.map((f) => [f, doc[f] ?? ''])) as Record<
    MetadataField,
    string
  >;
  const [form, setForm] = useState(initial);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Only what changed is sent; an emptied field clears the value read automatically.
    const changed = Object.fromEntries(
      METADATA_FIELDS.filter((f) => form[f].trim() !== initial[f]).map((f) => [
        f,
        form[f].trim() || null,
      ]),
    );
    if (Object.keys(changed).length === 0) {
      onCancel();
      return;
    }
    onSubmit(changed);
  };
  return (
    <form className="doc-form" onSubmit={submit}>
      {METADATA_FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`doc-${f}`}>{t(FIELD_LABELS[f]!)}</label>
          {f === 'notes' ? (
            <textarea
              id={`doc-${f}`}
              rows={2}
              maxLength={2000}
              value={form[f]}
              onChange={(e) => setForm({ ...form, [f]: e.target.value })}
            />
          ) : (
            <input
              id={`doc-${f}`}
              type={f === 'date' ? 'date' : 'text'}
              maxLength={f === 'title' ? 500 : 300}
              value={form[f]}
              onChange={(e) => setForm({ ...form, [f]: e.target.value })}
            />
          )}
        </div>
      ))}
      <div className="button-row">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('structure.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('structure.cancel')}
        </button>
      </div>
    </form>
  );
}

function EditLog({
  data,
  busy,
  onUndo,
}: {
  data: Data;
  busy: boolean;
  onUndo: (editId: string) => void;
}) {
  const { language, t } = useI18n();
  const edits = [...data.edits].reverse();
  return (
    <details className="edit-log">
      <summary>
        {t('structure.editLog', { n: data.edits.filter((e) => !e.revertedAt).length })}
      </summary>
      {edits.length === 0 ? (
        <p className="muted">{t('structure.noEdits')}</p>
      ) : (
        <ol>
          {edits.map((e) => (
            <li key={e.id} className={e.revertedAt ? 'edit-reverted' : undefined}>
              <span>
                {t(OP_LABELS[e.op] ?? 'structure.op.other')}
                {' · '}
                {e.createdBy?.fullName ?? e.createdBy?.username ?? '—'}
                {' · '}
                {new Date(e.createdAt).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}
                {e.revertedAt && ` · ${t('structure.reverted')}`}
              </span>
              {!e.revertedAt && (
                <button
                  type="button"
                  className="button-small"
                  aria-disabled={busy}
                  onClick={() => onUndo(e.id)}
                >
                  {t('structure.undo')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
