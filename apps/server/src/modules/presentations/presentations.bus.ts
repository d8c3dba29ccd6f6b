import pg from 'pg';
import type { Logger } from '../shared/logger/logger.ts';
import { PRESENTATIONS_CHANNEL } from './presentations.repository.ts';

/**
 * How the processes behind one database hear about each other's presentation changes. Only
 * PostgreSQL needs one: PGlite lives in a single process, which delivers to its own screens.
 */
export interface PresentationsBus {
  /**
   * Starts listening. `onNotice` receives each payload; `onResync` runs after a lost connection
   * came back (notices sent meanwhile are gone, so the listener re-reads what it shows).
   */
  start(handlers: { onNotice: (payload: string) => void; onResync: () => void }): void;
  close(): Promise<void>;
}

/** LISTEN on its own connection (a pooled one could be handed to a query and lose it). */
export function createPostgresPresentationsBus({
  url,
  logger,
  retryMs = 1000,
}: {
  url: string;
  logger: Logger;
  retryMs?: number;
}): PresentationsBus {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let handlers: Parameters<PresentationsBus['start']>[0] | null = null;

  const connect = async (again: boolean) => {
    const next = new pg.Client({ connectionString: url });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) {
        return;
      }
      lost = true;
      client = null;
      logger.warn(
        { err: error ? { message: error.message } : undefined },
        'presentations: notification connection lost; reconnecting',
      );
      next.end().catch(() => undefined);
      schedule(true);
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.channel === PRESENTATIONS_CHANNEL && message.payload) {
        handlers?.onNotice(message.payload);
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${PRESENTATIONS_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    if (again) {
      handlers?.onResync();
    }
  };

  const schedule = (again: boolean) => {
    if (closed || retry) {
      return;
    }
    retry = setTimeout(() => {
      retry = null;
      void connect(again);
    }, retryMs);
    retry.unref?.();
  };

  return {
    start(given) {
      handlers = given;
      void connect(false);
    },
    async close() {
      closed = true;
      if (retry) {
        clearTimeout(retry);
      }
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
