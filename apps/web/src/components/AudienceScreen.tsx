import {
  isNewerPresentationState,
  normalizeJoinCode,
  type PresentationMessage,
  type PresentationState,
} from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { mountAudience } from '../court/audience-view.ts';
import { openLocalChannel } from '../court/local-channel.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { presentChannelName } from './PresenterConsole.tsx';

/** `/present/{code}`: the code of an audience URL, or null (then the join form is shown). */
export function presentCodeOf(pathname: string): string | null | undefined {
  const m = /^\/present(?:\/([^/]*))?\/?$/.exec(pathname);
  if (!m) {
    return undefined;
  }
  return m[1] ? normalizeJoinCode(decodeURIComponent(m[1])) : null;
}

/**
 * The audience screen: full screen, no chrome, only what the presenter pushes. States come over
 * the WebSocket (any device) and, from a presenter window on the same machine, BroadcastChannel;
 * the newer wins. A dropped socket reconnects and the server sends the current state again.
 */
export function AudienceScreen({ code }: { code: string }) {
  const { t } = useI18n();
  const rootRef = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState<'ended' | 'reconnecting' | 'refused' | null>(null);

  useEffect(() => {
    const root = rootRef.current;
    if (!root) {
      return;
    }
    const screen = mountAudience(root, {
      pageUrl: (id) => api.pageImageUrl(caseId, id, { width: 1600 }),
      mediaUrl: (id) => api.exhibitMediaUrl(caseId, id),
      mapNodes: async (id) => (await api.getMap(caseId, id)).map.document.nodes,
    });
    let caseId = '';
    let current: PresentationState | null = null;
    const receive = (message: PresentationMessage) => {
      if (message.type === 'ended') {
        setNotice('ended');
        return;
      }
      if (isNewerPresentationState(current, message.state)) {
        current = message.state;
        screen.show(message.state);
        if (message.sentAt) {
          root.dataset.latencyMs = String(Date.now() - message.sentAt);
        }
      }
    };
    const local = openLocalChannel({
      name: presentChannelName(code),
      onMessage: (message) => message.type !== 'hello' && receive(message),
    });
    let socket: WebSocket | null = null;
    let stopped = false;
    let retry = 0;
    const connect = () => {
      socket = new WebSocket(api.presentationSocketUrl(code));
      socket.onopen = () => {
        retry = 0;
        setNotice(null);
      };
      socket.onmessage = (event: MessageEvent<string>) =>
        receive(JSON.parse(event.data) as PresentationMessage);
      socket.onclose = (event) => {
        if (stopped || event.reason === 'ended') {
          return;
        }
        setNotice('reconnecting');
        retry += 1;
        setTimeout(connect, Math.min(5000, 250 * 2 ** retry));
      };
    };
    // Joining over HTTP first tells us the case (for image URLs) and refuses clearly.
    void api.joinPresentation(code).then(
      (joined) => {
        caseId = joined.presentation.caseId;
        receive({ type: 'state', state: joined.state });
        connect();
        local.post({ type: 'hello' });
      },
      () => setNotice('refused'),
    );
    const fullscreen = () => void document.documentElement.requestFullscreen?.();
    document.addEventListener('dblclick', fullscreen);
    return () => {
      stopped = true;
      socket?.close();
      local.close();
      screen.destroy();
      document.removeEventListener('dblclick', fullscreen);
    };
  }, [code]);

  return (
    <div className="audience-screen" style={{ position: 'fixed', inset: 0, background: '#000' }}>
      <div ref={rootRef} id="audience" style={{ position: 'absolute', inset: 0 }} />
      {notice && (
        <p
          role="status"
          className="audience-notice"
          style={{ position: 'absolute', bottom: 8, left: 8, color: '#ccc' }}
        >
          {notice === 'ended'
            ? t('court.ended')
            : notice === 'refused'
              ? t('court.joinTitle')
              : t('court.reconnecting')}
        </p>
      )}
    </div>
  );
}

/** `/present` without a code: type the code read off the presenter's screen. */
export function JoinPresentationForm() {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  return (
    <form
      className="panel"
      onSubmit={(event) => {
        event.preventDefault();
        const code = normalizeJoinCode(value);
        if (code) {
          window.location.assign(`/present/${code}`);
        }
      }}
    >
      <h1>{t('court.joinTitle')}</h1>
      <label>
        {t('court.joinCode')}
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          required
        />
      </label>
      <button type="submit" className="button-primary">
        {t('court.join')}
      </button>
    </form>
  );
}
