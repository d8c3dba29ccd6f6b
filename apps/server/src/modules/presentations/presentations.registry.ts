import { randomUUID } from 'node:crypto';
import {
  applyPresentationCommand,
  initialPresentationState,
  type PresentationCommand,
  type PresentationMessage,
  type PresentationState,
} from '@sohoa/contracts';
import { generateId } from '../shared/ids/ids.ts';
import type { PresentationsBus } from './presentations.bus.ts';
import { generateJoinCode, isExpired } from './presentations.codes.ts';
import type { PresentationsRepository, StoredPresentation } from './presentations.repository.ts';

export type PresentationSession = StoredPresentation;

type Listener = (message: PresentationMessage) => void;

/** How long a session (and its join code) lives: a hearing day. */
export const PRESENTATION_TTL_MS = 12 * 60 * 60 * 1000;

/** NOTIFY payloads must stay under 8000 bytes; a bigger state is read from the table instead. */
const MAX_NOTICE_CHARS = 7000;

interface Notice {
  /** The process that sent it: it has already told its own screens. */
  o: string;
  id: string;
  state?: PresentationState;
  ended?: true;
}

export type PresentationsRegistry = ReturnType<typeof createPresentationsRegistry>;

/**
 * Presentation sessions and the screens of this process that listen to them.
 *
 * Sessions are stored (any web process can start, join, push to or end one) and each process
 * holds the sockets of its own audience screens. A push is applied under a row lock, delivered to
 * this process's screens at once and to the other processes' through the bus (PostgreSQL
 * LISTEN/NOTIFY), so the presenter and the audience may sit behind different web processes.
 * Every screen receives states in increasing `seq` only; a late or repeated one is dropped.
 */
export function createPresentationsRegistry({
  repository,
  bus = null,
  ttlMs = PRESENTATION_TTL_MS,
  now = () => new Date(),
  newCode = () => generateJoinCode(),
  processId = randomUUID(),
}: {
  repository: PresentationsRepository;
  bus?: PresentationsBus | null;
  ttlMs?: number;
  now?: () => Date;
  newCode?: () => string;
  processId?: string;
}) {
  /** Per session: each listener and the last `seq` it was given. */
  const listeners = new Map<string, Map<Listener, { seq: number }>>();

  function deliver(id: string, state: PresentationState) {
    for (const [listener, seen] of listeners.get(id) ?? []) {
      if (state.seq > seen.seq) {
        seen.seq = state.seq;
        listener({ type: 'state', state, sentAt: Date.now() });
      }
    }
  }

  function endHere(id: string) {
    const screens = listeners.get(id);
    listeners.delete(id);
    for (const listener of screens?.keys() ?? []) {
      listener({ type: 'ended' });
    }
  }

  const live = (session: PresentationSession | null) => {
    if (session && isExpired({ expiresAt: session.expiresAt, now: now() })) {
      endHere(session.id);
      return null;
    }
    return session;
  };

  const encode = (notice: Omit<Notice, 'o'>) => {
    const text = JSON.stringify({ o: processId, ...notice });
    return text.length <= MAX_NOTICE_CHARS ? text : JSON.stringify({ o: processId, id: notice.id });
  };

  async function showCurrent(id: string) {
    const session = live((await repository.find({ id })).session);
    if (session) {
      deliver(id, session.state);
    } else {
      endHere(id);
    }
  }

  bus?.start({
    onNotice: (payload) => {
      let notice: Notice;
      try {
        notice = JSON.parse(payload) as Notice;
      } catch {
        return;
      }
      if (notice.o === processId || !listeners.has(notice.id)) {
        return;
      }
      if (notice.ended) {
        endHere(notice.id);
      } else if (notice.state) {
        deliver(notice.id, notice.state);
      } else {
        void showCurrent(notice.id).catch(() => undefined);
      }
    },
    onResync: () => {
      for (const id of [...listeners.keys()]) {
        void showCurrent(id).catch(() => undefined);
      }
    },
  });

  return {
    async open({
      caseId,
      unitId,
      presenterId,
    }: {
      caseId: string;
      unitId: string;
      presenterId: string;
    }) {
      await repository.removeExpired({ now: now() });
      for (let tries = 0; tries < 20; tries++) {
        const session: PresentationSession = {
          id: generateId({ prefix: 'prs' }),
          code: newCode(),
          caseId,
          unitId,
          presenterId,
          expiresAt: new Date(now().getTime() + ttlMs),
          state: initialPresentationState(),
        };
        if ((await repository.insert({ session })).inserted) {
          return { session };
        }
      }
      throw new Error('presentations: no free join code after 20 tries');
    },

    async getById({ id }: { id: string }) {
      return { session: live((await repository.find({ id })).session) };
    },

    async getByCode({ code }: { code: string }) {
      return { session: live((await repository.find({ code })).session) };
    },

    /** Applies a command and sends the new state to every screen, here and in other processes. */
    async apply({ id, command }: { id: string; command: PresentationCommand }) {
      const { state } = await repository.updateState({
        id,
        now: now(),
        change: (current) => applyPresentationCommand(current, command),
        notice: (next) => encode({ id, state: next }),
      });
      if (!state) {
        endHere(id);
        return { state: null };
      }
      deliver(id, state);
      return { state };
    },

    /** Listens to a session; the listener first receives the current state (a reconnect resumes). */
    subscribe({ id, listener }: { id: string; listener: Listener }) {
      const screens = listeners.get(id) ?? new Map<Listener, { seq: number }>();
      listeners.set(id, screens);
      const seen = { seq: -1 };
      screens.set(listener, seen);
      void repository.find({ id }).then(
        ({ session }) => {
          if (!screens.has(listener)) {
            return;
          }
          if (!session || isExpired({ expiresAt: session.expiresAt, now: now() })) {
            screens.delete(listener);
            listener({ type: 'ended' });
          } else if (session.state.seq > seen.seq) {
            seen.seq = session.state.seq;
            listener({ type: 'state', state: session.state, sentAt: Date.now() });
          }
        },
        () => {
          screens.delete(listener);
          listener({ type: 'ended' });
        },
      );
      return {
        unsubscribe: () => {
          screens.delete(listener);
          if (screens.size === 0 && listeners.get(id) === screens) {
            listeners.delete(id);
          }
        },
      };
    },

    listenerCount({ id }: { id: string }) {
      return listeners.get(id)?.size ?? 0;
    },

    async end({ id }: { id: string }) {
      await repository.remove({ id, notice: encode({ id, ended: true }) });
      endHere(id);
    },

    async close() {
      await bus?.close();
    },
  };
}
