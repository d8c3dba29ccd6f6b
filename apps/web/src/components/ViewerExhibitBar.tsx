import type { CreateExhibitBody } from '@sohoa/contracts';
import { useState } from 'react';
import { api } from '../api.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from './Alerts.tsx';
import type { PageRect } from '../lib/viewer-logic.ts';

interface ViewerPageRef {
  id: string;
  butLuc: number | null;
}

/** A rectangle drawn with the callout tool, waiting for "Thêm vào danh mục trình chiếu". */
export interface PendingCallout {
  page: ViewerPageRef;
  rect: PageRect;
}

const butLucText = (page: ViewerPageRef) => String(page.butLuc ?? '?');

/**
 * From the viewer to the exhibit list (danh mục trình chiếu): a drawn region becomes a callout
 * item, and the two pages of the side-by-side mode a pair item. The exhibits API takes both.
 */
export function ViewerExhibitBar({
  caseId,
  callout,
  pair,
  onDone,
}: {
  caseId: string;
  callout: PendingCallout | null;
  /** The two pages shown side by side, when that mode is on. */
  pair: [ViewerPageRef, ViewerPageRef] | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (body: CreateExhibitBody) => {
    setError(null);
    try {
      await api.createExhibit(caseId, body);
      setAdded(body.label);
      setLabel('');
      onDone();
    } catch (e) {
      setError(e);
    }
  };

  if (!callout && !pair && !added && !error) {
    return null;
  }
  return (
    <div className="viewer-exhibit-bar">
      {callout && (
        <form
          aria-label={t('viewer.calloutTitle')}
          onSubmit={(event) => {
            event.preventDefault();
            const text =
              label.trim() || t('viewer.calloutDefault', { butLuc: butLucText(callout.page) });
            void create({
              kind: 'region',
              pageId: callout.page.id,
              rect: callout.rect,
              label: text,
            });
          }}
        >
          <label>
            {t('viewer.calloutLabel')}
            <input
              value={label}
              maxLength={300}
              placeholder={t('viewer.calloutDefault', { butLuc: butLucText(callout.page) })}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <button type="submit" className="button-small button-primary">
            {t('viewer.addCallout')}
          </button>
          <button type="button" className="button-small" onClick={onDone}>
            {t('viewer.cancel')}
          </button>
        </form>
      )}
      {pair && !callout && (
        <button
          type="button"
          className="button-small"
          onClick={() =>
            void create({
              kind: 'pair',
              pageId: pair[0].id,
              secondPageId: pair[1].id,
              label: t('viewer.pairDefault', {
                first: butLucText(pair[0]),
                second: butLucText(pair[1]),
              }),
            })
          }
        >
          {t('viewer.addPair')}
        </button>
      )}
      {added && <p role="status">{t('viewer.exhibitAdded', { label: added })}</p>}
      <ErrorAlert lines={error ? describeError(error, t) : []} />
    </div>
  );
}
