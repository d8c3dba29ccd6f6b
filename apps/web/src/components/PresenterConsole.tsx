import {
  applyPresentationCommand,
  initialPresentationState,
  parseButLucQuery,
  type Exhibit,
  type Page,
  type PresentationCommand,
  type PresentationSession,
  type PresentationView,
} from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { mountAudience } from '../court/audience-view.ts';
import { openLocalChannel } from '../court/local-channel.ts';
import { attachPreviewPointer, type PreviewTool } from '../court/preview-pointer.ts';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from './Alerts.tsx';
import { PresenterMaps } from './PresenterMaps.tsx';

/** The view of an exhibit list item. */
export function exhibitView(item: Exhibit): PresentationView {
  if (item.kind === 'media' && item.media) {
    return { kind: 'media', mediaId: item.id, mediaType: item.media.type, label: item.label };
  }
  if (item.kind === 'pair' && item.secondPage) {
    return { kind: 'pair', pageIds: [item.page!.id, item.secondPage.id], label: item.label };
  }
  if (item.kind === 'region' && item.rect) {
    return { kind: 'region', pageId: item.page!.id, rect: item.rect, label: item.label };
  }
  return { kind: 'page', pageId: item.page!.id, label: item.label };
}

export const presentChannelName = (code: string) => `sohoa-present-${code}`;

type ShownItem = { kind: string; label: string; pageIds?: string[] };

function shownItemOf(view: PresentationView): ShownItem | null {
  switch (view.kind) {
    case 'blank':
      return null;
    case 'page':
    case 'region':
      return { kind: view.kind, label: view.label, pageIds: [view.pageId] };
    case 'pair':
      return { kind: view.kind, label: view.label, pageIds: [...view.pageIds] };
    case 'media':
    case 'map':
      return { kind: view.kind, label: view.label };
  }
}

/**
 * The presenter console: open a session, push items, pages by bút lục, black screen, callouts and
 * live highlights. Commands go to the server (every audience screen, other devices included) and,
 * for lower latency, over BroadcastChannel to audience windows of this machine.
 */
export function PresenterConsole({
  caseId,
  exhibits,
  pages,
}: {
  caseId: string;
  exhibits: Exhibit[];
  pages: Page[];
}) {
  const { t } = useI18n();
  const [session, setSession] = useState<PresentationSession | null>(null);
  const [state, setState] = useState(initialPresentationState);
  const [index, setIndex] = useState(-1);
  const [query, setQuery] = useState('');
  const [tool, setTool] = useState<PreviewTool>('zoom');
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<ShownItem[]>([]);
  const [notice, setNotice] = useState('');
  const stateRef = useRef(state);
  const queue = useRef(Promise.resolve());
  const channel = useRef<ReturnType<typeof openLocalChannel> | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  const screen = useRef<ReturnType<typeof mountAudience> | null>(null);

  useEffect(() => {
    if (!session) {
      return;
    }
    const local = openLocalChannel({
      name: presentChannelName(session.code),
      onMessage: (message) => {
        if (message.type === 'hello') {
          local.post({ type: 'state', state: stateRef.current, sentAt: Date.now() });
        }
      },
    });
    channel.current = local;
    return () => local.close();
  }, [session]);

  useEffect(() => {
    if (!previewRef.current) {
      return;
    }
    screen.current = mountAudience(previewRef.current, {
      pageUrl: (id) => api.pageImageUrl(caseId, id, { width: 1000 }),
      mediaUrl: (id) => api.exhibitMediaUrl(caseId, id),
      mapNodes: async (id) => (await api.getMap(caseId, id)).map.document.nodes,
    });
    return () => screen.current?.destroy();
  }, [caseId, session]);
  useEffect(() => screen.current?.show(state), [state]);

  const push = (command: PresentationCommand) => {
    if (!session) {
      return;
    }
    const next = applyPresentationCommand(stateRef.current, command);
    stateRef.current = next;
    setState(next);
    channel.current?.post({ type: 'state', state: next, sentAt: Date.now() });
    const item = command.type === 'show' ? shownItemOf(command.view) : null;
    if (item) {
      setShown((list) => (list.some((s) => s.label === item.label) ? list : [...list, item]));
    }
    // One request at a time keeps the server's sequence equal to this console's.
    queue.current = queue.current
      .then(() => api.pushPresentation(session.id, command))
      .then(
        () => undefined,
        (e: unknown) => setError(e),
      );
  };
  const showItem = (i: number) => {
    const item = exhibits[i];
    if (item) {
      setIndex(i);
      push({ type: 'show', view: exhibitView(item), itemId: item.id });
    }
  };

  // Pointer on the preview: a dragged rectangle is a callout; with the pen, a live highlight.
  const toolRef = useRef(tool);
  toolRef.current = tool;
  const pushRef = useRef(push);
  pushRef.current = push;
  const areaRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!areaRef.current) {
      return;
    }
    return attachPreviewPointer({
      area: areaRef.current,
      tool: () => toolRef.current,
      push: (command) => pushRef.current(command),
    });
  }, [session]);

  const current = exhibits[index];
  const upcoming = exhibits[index + 1];
  if (!session) {
    return (
      <div className="presenter-start">
        <ErrorAlert lines={error ? describeError(error, t) : []} />
        <button
          type="button"
          className="button-primary"
          onClick={() =>
            void api.startPresentation(caseId).then(
              (r) => {
                setSession(r.presentation);
                stateRef.current = r.state;
                setState(r.state);
              },
              (e: unknown) => setError(e),
            )
          }
        >
          {t('court.start')}
        </button>
      </div>
    );
  }
  return (
    <section className="presenter-console" aria-labelledby="console-title">
      <h3 id="console-title">{t('court.console')}</h3>
      <p className="join-code" data-code={session.code}>
        {t('court.code', { code: session.code })}
      </p>
      <ErrorAlert lines={error ? describeError(error, t) : []} />
      <div className="controls">
        <button
          type="button"
          onClick={() => {
            const win = window.open(`/present/${session.code}`, 'sohoa-audience', 'popup');
            if (win) {
              channel.current?.addPeer(win);
            }
          }}
        >
          {t('court.openAudience')}
        </button>
        <button type="button" onClick={() => showItem(Math.max(0, index - 1))}>
          {t('court.prev')}
        </button>
        <button type="button" onClick={() => showItem(Math.min(exhibits.length - 1, index + 1))}>
          {t('court.nextItem')}
        </button>
        <button type="button" onClick={() => push({ type: 'blank', tone: 'black' })}>
          {t('court.black')}
        </button>
        <button type="button" onClick={() => push({ type: 'blank', tone: 'neutral' })}>
          {t('court.neutral')}
        </button>
        <button type="button" aria-pressed={tool === 'zoom'} onClick={() => setTool('zoom')}>
          {t('court.toolZoom')}
        </button>
        <button type="button" aria-pressed={tool === 'pen'} onClick={() => setTool('pen')}>
          {t('court.toolPen')}
        </button>
        <button type="button" onClick={() => push({ type: 'zoom', rect: null })}>
          {t('court.clearZoom')}
        </button>
        <button type="button" onClick={() => push({ type: 'strokes.clear' })}>
          {t('court.clearStrokes')}
        </button>
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const n = parseButLucQuery(query);
          const page = pages.find((p) => p.butLuc === n);
          if (page) {
            push({ type: 'show', view: { kind: 'page', pageId: page.id, label: `BL ${n}` } });
            setQuery('');
          } else {
            setNotice(t('court.noSuchButLuc', { value: query }));
          }
        }}
      >
        <label>
          {t('court.search')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="BL 125" />
        </label>
        <button type="submit">{t('court.show')}</button>
      </form>
      <p role="status" className="presenter-status">
        {notice ||
          (state.view.kind === 'blank'
            ? t('court.blankShown')
            : t('court.showing', { label: state.view.label }))}
      </p>
      <p>{upcoming ? t('court.next', { label: upcoming.label }) : t('court.endOfList')}</p>
      {current?.notes && <p className="presenter-notes">{current.notes}</p>}
      <ol className="presenter-items">
        {exhibits.map((item, i) => (
          <li key={item.id}>
            <button type="button" aria-current={i === index} onClick={() => showItem(i)}>
              {item.label}
            </button>
          </li>
        ))}
      </ol>
      <PresenterMaps caseId={caseId} onShow={(view) => push({ type: 'show', view })} />
      <div
        ref={areaRef}
        className="presenter-preview"
        style={{ position: 'relative', height: '50vh', touchAction: 'none' }}
      >
        <div
          ref={previewRef}
          className="presenter-screen"
          style={{ position: 'absolute', inset: 0 }}
        />
      </div>
      <HearingRecord caseId={caseId} presenterShown={shown} />
      <button
        type="button"
        onClick={() =>
          void api.endPresentation(session.id).then(
            () => setSession(null),
            (e: unknown) => setError(e),
          )
        }
      >
        {t('court.end')}
      </button>
    </section>
  );
}

/**
 * "Ghi nhận phiên tòa": posts to the hearings module (issue 7 §7, built by another branch).
 * Until it is merged the route answers 404, which is shown as an error.
 */
function HearingRecord({
  caseId,
  presenterShown,
}: {
  caseId: string;
  presenterShown: ShownItem[];
}) {
  const { t } = useI18n();
  const [heldOn, setHeldOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [court, setCourt] = useState('');
  const [result, setResult] = useState<{ ok: boolean; error?: unknown } | null>(null);
  return (
    <form
      className="hearing-record"
      onSubmit={(event) => {
        event.preventDefault();
        void api.createHearing(caseId, { heldOn, court, itemsShown: presenterShown }).then(
          () => setResult({ ok: true }),
          (error: unknown) => setResult({ ok: false, error }),
        );
      }}
    >
      <label>
        {t('court.heldOn')}
        <input type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} required />
      </label>
      <label>
        {t('court.court')}
        <input value={court} onChange={(e) => setCourt(e.target.value)} required />
      </label>
      <button type="submit">{t('court.record')}</button>
      {result?.ok && <p role="status">{t('court.recorded')}</p>}
      {result && !result.ok && <ErrorAlert lines={describeError(result.error, t)} />}
    </form>
  );
}
