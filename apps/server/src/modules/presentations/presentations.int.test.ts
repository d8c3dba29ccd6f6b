import type { PresentationMessage } from '@sohoa/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHttpServer } from '../app/server.test-utils.ts';
import { seedCasePages, seedCourtUsers } from '../exhibits/exhibits.test-utils.ts';

/*
 * Presenter and audience over a real listening server (the socket needs one): sessions are per
 * process, so one DB variant is enough here; exhibits.int.test.ts covers both for the SQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

/** An audience socket that collects messages; `next()` waits for the next one. */
function openScreen(url: string, token: string) {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const inbox: PresentationMessage[] = [];
  const waiters: Array<(m: PresentationMessage) => void> = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as PresentationMessage;
    const waiter = waiters.shift();
    if (waiter) {
      waiter(message);
    } else {
      inbox.push(message);
    }
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const next = () =>
    inbox.length > 0
      ? Promise.resolve(inbox.shift()!)
      : new Promise<PresentationMessage>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no message')), 5000);
          waiters.push((m) => {
            clearTimeout(timer);
            resolve(m);
          });
        });
  return { ws, opened, next };
}

describe('presentation sessions over WebSocket', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let tokens: Record<string, string>;
  let caseId: string;
  let pageIds: string[];
  const call = (who: string, method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const socketUrl = (code: string) =>
    `${server.url.replace('http', 'ws')}/api/presentations/by-code/${code}/socket`;

  beforeAll(async () => {
    server = await startTestHttpServer();
    ({ tokens, caseId } = await seedCourtUsers({
      request: (path, init) => fetch(server.url + path, init),
    }));
    ({ pageIds } = await seedCasePages({ deps: server.deps, caseId, count: 3 }));
  });
  afterAll(async () => {
    await server?.close();
  });

  let presentationId: string;
  let code: string;

  it('gives the presenter a 6-character join code', async () => {
    const opened = await call('leader', 'POST', `/api/cases/${caseId}/presentations`);
    expect(opened.status).toBe(201);
    const body = await read(opened);
    ({ id: presentationId, code } = body.presentation);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(body.presentation.presenter).toBe(true);
  });

  it('pushes to two audience screens, and a reconnecting screen resumes the current state', async () => {
    const a = openScreen(socketUrl(code), tokens.prosecutor!);
    const b = openScreen(socketUrl(code), tokens.clerk!);
    await Promise.all([a.opened, b.opened]);
    expect((await a.next()).type).toBe('state');
    expect((await b.next()).type).toBe('state');

    const pushed = await call('leader', 'POST', `/api/presentations/${presentationId}/commands`, {
      type: 'show',
      view: { kind: 'page', pageId: pageIds[1], label: 'BL 2' },
    });
    expect(pushed.status).toBe(200);
    for (const screen of [a, b]) {
      const message = await screen.next();
      expect(message).toMatchObject({ type: 'state', state: { view: { pageId: pageIds[1] } } });
    }
    await call('leader', 'POST', `/api/presentations/${presentationId}/commands`, {
      type: 'zoom',
      rect: { x: 0.1, y: 0.1, w: 0.4, h: 0.2 },
    });
    await a.next();
    a.ws.close();

    const again = openScreen(socketUrl(code), tokens.prosecutor!);
    await again.opened;
    const resumed = await again.next();
    expect(resumed).toMatchObject({
      type: 'state',
      state: { view: { pageId: pageIds[1] }, zoom: { x: 0.1, y: 0.1, w: 0.4, h: 0.2 } },
    });
    again.ws.close();
    b.ws.close();
  });

  it('lets only the presenter push', async () => {
    const pushed = await call(
      'prosecutor',
      'POST',
      `/api/presentations/${presentationId}/commands`,
      {
        type: 'blank',
        tone: 'black',
      },
    );
    expect(pushed.status).toBe(403);
    expect((await read(pushed)).error.code).toBe('presentation.not_presenter');
  });

  it('refuses a user who may not read the case, and audits every join', async () => {
    const stranger = openScreen(socketUrl(code), tokens.stranger!);
    await expect(stranger.opened).rejects.toThrow('HTTP 404');
    const noLogin = new WebSocket(socketUrl(code));
    const status = await new Promise<number>((resolve) =>
      noLogin.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);

    const joins = await server.deps.db
      .selectFrom('audit_events')
      .select(['actor_username as username', 'outcome'])
      .where('action', '=', 'presentation.join')
      .orderBy('seq')
      .execute();
    expect(joins).toEqual([
      { username: 'prosecutor', outcome: 'SUCCESS' },
      { username: 'clerk', outcome: 'SUCCESS' },
      { username: 'prosecutor', outcome: 'SUCCESS' },
      { username: 'stranger', outcome: 'DENIED' },
    ]);
  });

  it('tells the screens when the presenter ends the session', async () => {
    const screen = openScreen(socketUrl(code), tokens.prosecutor!);
    await screen.opened;
    await screen.next();
    const ended = await call('leader', 'DELETE', `/api/presentations/${presentationId}`);
    expect(ended.status).toBe(200);
    expect(await screen.next()).toEqual({ type: 'ended' });
    const late = openScreen(socketUrl(code), tokens.prosecutor!);
    await expect(late.opened).rejects.toThrow('HTTP 404');
  });
});
