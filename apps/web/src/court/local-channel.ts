import type { PresentationMessage } from '@sohoa/contracts';

/** What two windows of one machine say to each other: states, and "I am here, send the state". */
export type LocalMessage = PresentationMessage | { type: 'hello' };

/**
 * A channel between the presenter window and audience windows of one machine: BroadcastChannel
 * (same origin; file:// pages of one folder count as one origin in Chromium), and `postMessage`
 * to the opener / opened window as a fallback where BroadcastChannel refuses file:// (Firefox
 * gives each file its own opaque origin).
 */
export function openLocalChannel({
  name,
  onMessage,
  win = window,
}: {
  name: string;
  onMessage: (message: LocalMessage) => void;
  win?: Window;
}) {
  const seen = new WeakSet<object>();
  const deliver = (data: unknown) => {
    if (data && typeof data === 'object' && 'type' in data && !seen.has(data)) {
      seen.add(data);
      onMessage(data as LocalMessage);
    }
  };
  let channel: BroadcastChannel | null = null;
  try {
    channel = new BroadcastChannel(name);
    channel.onmessage = (event: MessageEvent) => deliver(event.data);
  } catch {
    channel = null;
  }
  const peers = new Set<Window>();
  const onWindowMessage = (event: MessageEvent) => {
    const data = event.data as { channel?: string; message?: unknown } | null;
    if (data?.channel === name) {
      if (event.source && 'postMessage' in event.source) {
        peers.add(event.source as Window);
      }
      deliver(data.message);
    }
  };
  win.addEventListener('message', onWindowMessage);
  if (win.opener) {
    peers.add(win.opener as Window);
  }
  return {
    post(message: LocalMessage) {
      channel?.postMessage(message);
      for (const peer of peers) {
        if (peer.closed) {
          peers.delete(peer);
        } else {
          // '*': file:// origins are opaque ("null"); the message carries no secret beyond the
          // page ids the package already holds.
          peer.postMessage({ channel: name, message }, '*');
        }
      }
    },
    /** A window this one opened (the audience screen), for the postMessage fallback. */
    addPeer(peer: Window) {
      peers.add(peer);
    },
    close() {
      channel?.close();
      win.removeEventListener('message', onWindowMessage);
    },
  };
}
