import {
  applyPresentationCommand,
  initialPresentationState,
  type PresentationCommand,
  type PresentationMessage,
  type PresentationState,
} from '@sohoa/contracts';
import { generateId } from '../shared/ids/ids.ts';
import { generateJoinCode, isExpired } from './presentations.codes.ts';

export interface PresentationSession {
  id: string;
  code: string;
  caseId: string;
  unitId: string;
  presenterId: string;
  expiresAt: Date;
  state: PresentationState;
}

type Listener = (message: PresentationMessage) => void;

/** How long a session (and its join code) lives: a hearing day. */
export const PRESENTATION_TTL_MS = 12 * 60 * 60 * 1000;

export type PresentationsRegistry = ReturnType<typeof createPresentationsRegistry>;

/**
 * The live presentation sessions of this process and the screens listening to them.
 *
 * Sessions are deliberately not stored: a session is as long as a hearing, its state is a few
 * hundred bytes that the presenter re-pushes with one click, and audience sockets are held by the
 * process anyway. So presentations need the web process that serves the sockets (the default `all`
 * mode, or one `web` process); see docs/court.md for running several.
 */
export function createPresentationsRegistry({
  ttlMs = PRESENTATION_TTL_MS,
  now = () => new Date(),
  newCode = () => generateJoinCode(),
}: { ttlMs?: number; now?: () => Date; newCode?: () => string } = {}) {
  const byId = new Map<string, PresentationSession>();
  const idByCode = new Map<string, string>();
  const listeners = new Map<string, Set<Listener>>();

  function drop(id: string) {
    const session = byId.get(id);
    if (!session) {
      return;
    }
    byId.delete(id);
    idByCode.delete(session.code);
    for (const listener of listeners.get(id) ?? []) {
      listener({ type: 'ended' });
    }
    listeners.delete(id);
  }

  function live(session: PresentationSession | undefined) {
    if (session && isExpired({ expiresAt: session.expiresAt, now: now() })) {
      drop(session.id);
      return null;
    }
    return session ?? null;
  }

  return {
    open({ caseId, unitId, presenterId }: { caseId: string; unitId: string; presenterId: string }) {
      let code = newCode();
      for (let tries = 0; idByCode.has(code) && tries < 20; tries++) {
        code = newCode();
      }
      const session: PresentationSession = {
        id: generateId({ prefix: 'prs' }),
        code,
        caseId,
        unitId,
        presenterId,
        expiresAt: new Date(now().getTime() + ttlMs),
        state: initialPresentationState(),
      };
      byId.set(session.id, session);
      idByCode.set(code, session.id);
      return { session };
    },

    getById({ id }: { id: string }) {
      return { session: live(byId.get(id)) };
    },

    getByCode({ code }: { code: string }) {
      const id = idByCode.get(code);
      return { session: id ? live(byId.get(id)) : null };
    },

    /** Applies a command and sends the new state to every listener of the session. */
    apply({ id, command }: { id: string; command: PresentationCommand }) {
      const session = live(byId.get(id));
      if (!session) {
        return { state: null };
      }
      session.state = applyPresentationCommand(session.state, command);
      const message: PresentationMessage = {
        type: 'state',
        state: session.state,
        sentAt: Date.now(),
      };
      for (const listener of listeners.get(id) ?? []) {
        listener(message);
      }
      return { state: session.state };
    },

    /** Listens to a session; the listener first receives the current state (a reconnect resumes). */
    subscribe({ id, listener }: { id: string; listener: Listener }) {
      const session = live(byId.get(id));
      if (!session) {
        listener({ type: 'ended' });
        return { unsubscribe: () => {} };
      }
      const set = listeners.get(id) ?? new Set<Listener>();
      listeners.set(id, set);
      set.add(listener);
      listener({ type: 'state', state: session.state, sentAt: Date.now() });
      return { unsubscribe: () => void set.delete(listener) };
    },

    listenerCount({ id }: { id: string }) {
      return listeners.get(id)?.size ?? 0;
    },

    end({ id }: { id: string }) {
      drop(id);
    },
  };
}
