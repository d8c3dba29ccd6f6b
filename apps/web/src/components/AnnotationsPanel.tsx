import type { Annotation, UpdateAnnotationBody } from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { ANNOTATION_CSS_COLORS } from './PagePane.tsx';

const KIND_LABEL: Record<Annotation['kind'], MessageKey> = {
  region: 'ann.kindRegion',
  words: 'ann.kindWords',
  note: 'ann.kindNote',
};

/**
 * The annotations of the case (shared ones and the user's own): jump to their page, edit the text,
 * switch private/shared, delete. The selected one (clicked on the page) is scrolled into view.
 */
export function AnnotationsPanel({
  annotations,
  currentPageId,
  selectedId,
  onSelect,
  onGoTo,
  onUpdate,
  onDelete,
}: {
  annotations: readonly Annotation[];
  currentPageId: string | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onGoTo: (annotation: Annotation) => void;
  onUpdate: (id: string, changes: UpdateAnnotationBody) => Promise<boolean>;
  onDelete: (id: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [scope, setScope] = useState<'case' | 'page'>('case');
  const shown =
    scope === 'page' ? annotations.filter((a) => a.pageId === currentPageId) : annotations;
  return (
    <aside className="annotations-panel" aria-labelledby="annotations-title">
      <h2 id="annotations-title">{t('ann.title')}</h2>
      <div className="button-row" role="group" aria-label={t('ann.scope')}>
        <button
          type="button"
          className="button-small"
          aria-pressed={scope === 'case'}
          onClick={() => setScope('case')}
        >
          {t('ann.scopeCase')} ({annotations.length})
        </button>
        <button
          type="button"
          className="button-small"
          aria-pressed={scope === 'page'}
          onClick={() => setScope('page')}
        >
          {t('ann.scopePage')}
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="muted">{t('ann.empty')}</p>
      ) : (
        <ul className="annotation-list">
          {shown.map((a) => (
            <AnnotationItem
              key={a.id}
              annotation={a}
              selected={a.id === selectedId}
              onSelect={onSelect}
              onGoTo={onGoTo}
              onUpdate={onUpdate}
              onDelete={onDelete}
            />
          ))}
        </ul>
      )}
    </aside>
  );
}

function AnnotationItem({
  annotation: a,
  selected,
  onSelect,
  onGoTo,
  onUpdate,
  onDelete,
}: {
  annotation: Annotation;
  selected: boolean;
  onSelect: (id: string) => void;
  onGoTo: (annotation: Annotation) => void;
  onUpdate: (id: string, changes: UpdateAnnotationBody) => Promise<boolean>;
  onDelete: (id: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(a.text ?? '');
  const [confirming, setConfirming] = useState(false);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected) {
      ref.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [selected]);
  const where =
    a.page.butLuc === null
      ? t('page.where', { volume: a.page.volume, seq: a.page.seq })
      : `${t('page.butLucShort')} ${a.page.butLuc}`;
  return (
    <li
      ref={ref}
      className={`annotation-item${selected ? ' selected' : ''}`}
      data-annotation-id={a.id}
      aria-current={selected ? 'true' : undefined}
    >
      <div className="annotation-head">
        <span
          className="annotation-swatch"
          style={{ background: ANNOTATION_CSS_COLORS[a.color] }}
          aria-hidden="true"
        />
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onSelect(a.id);
            onGoTo(a);
          }}
          title={t('ann.goTo')}
        >
          {t(KIND_LABEL[a.kind])} · {where}
        </button>
        <span className={`badge badge-${a.visibility}`}>
          {t(a.visibility === 'shared' ? 'ann.shared' : 'ann.private')}
        </span>
      </div>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void onUpdate(a.id, { text }).then((ok) => ok && setEditing(false));
          }}
        >
          <label htmlFor={`ann-text-${a.id}`}>{t('ann.text')}</label>
          <textarea
            id={`ann-text-${a.id}`}
            rows={2}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button-small">
              {t('ann.save')}
            </button>
            <button type="button" className="button-small" onClick={() => setEditing(false)}>
              {t('viewer.cancel')}
            </button>
          </div>
        </form>
      ) : (
        a.text && <p className="annotation-text">{a.text}</p>
      )}
      <p className="muted annotation-meta">{t('ann.by', { name: a.author.name })}</p>
      <div className="button-row">
        {a.mine && !editing && (
          <button
            type="button"
            className="button-small"
            onClick={() => {
              setText(a.text ?? '');
              setEditing(true);
            }}
          >
            {t('ann.edit')}
          </button>
        )}
        {a.mine && (
          <button
            type="button"
            className="button-small"
            onClick={() =>
              void onUpdate(a.id, {
                visibility: a.visibility === 'shared' ? 'private' : 'shared',
              })
            }
          >
            {t(a.visibility === 'shared' ? 'ann.makePrivate' : 'ann.makeShared')}
          </button>
        )}
        {a.canDelete &&
          (confirming ? (
            <button
              type="button"
              className="button-small button-danger"
              onClick={() => void onDelete(a.id)}
              onBlur={() => setConfirming(false)}
              autoFocus
            >
              {t('ann.confirmDelete')}
            </button>
          ) : (
            <button type="button" className="button-small" onClick={() => setConfirming(true)}>
              {t('ann.delete')}
            </button>
          ))}
      </div>
    </li>
  );
}
