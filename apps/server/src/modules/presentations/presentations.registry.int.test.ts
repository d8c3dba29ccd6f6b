import type { PresentationMessage } from '@sohoa/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../database/database.ts';
import {
  createTestDatabase,
  getDbVariants,
  TEST_POSTGRES_URL,
} from '../database/database.test-utils.ts';
import { createCasesRepository } from '../cases/cases.repository.ts';
import { createUnitsRepository } from '../units/units.repository.ts';
import { createUsersRepository } from '../users/users.repository.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createPostgresPresentationsBus } from './presentations.bus.ts';
import { createPresentationsRegistry } from './presentations.registry.ts';
import { createPresentationsRepository } from './presentations.repository.ts';

/*
 * Sessions are stored, and a push reaches the screens of every process: on PostgreSQL two
 * registries over two connections stand for two web processes behind a proxy.
 */
const variants = await getDbVariants();

const waitFor = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(variants)('presentation sessions on %s', (variant) => {
  let db: Db;
  let close: () => Promise<void>;
  let owner: { caseId: string; unitId: string; presenterId: string };

  beforeAll(async () => {
    ({ db, close } = await createTestDatabase({ variant }));
    const { unit } = await createUnitsRepository({ db }).create({
      unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL', parentId: null },
    });
    const { user } = await createUsersRepository({ db }).create({
      user: {
        unitId: unit.id,
        username: 'ksv',
        fullName: 'Kiểm sát viên',
        roles: ['PROSECUTOR'],
        passwordHash: 'x',
      },
    });
    const { case: created } = await createCasesRepository({ db }).create({
      fields: {
        unitId: unit.id,
        title: 'Vụ án trình chiếu',
        kind: 'criminal',
        nationalCode: null,
        internalNumber: null,
        charges: [],
        stage: 'FIRST_INSTANCE',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: user.id,
      assigneeIds: [user.id],
    });
    owner = { caseId: created.id, unitId: unit.id, presenterId: user.id };
  });
  afterAll(async () => close());

  it('sends the current state to a new listener, then every change', async () => {
    const registry = createPresentationsRegistry({
      repository: createPresentationsRepository({ db }),
    });
    const { session } = await registry.open(owner);
    await registry.apply({ id: session.id, command: { type: 'blank', tone: 'black' } });
    const seen: PresentationMessage[] = [];
    registry.subscribe({ id: session.id, listener: (m) => seen.push(m) });
    await waitFor(() => seen.length === 1);
    await registry.apply({
      id: session.id,
      command: { type: 'show', view: { kind: 'page', pageId: 'pg_1', label: 'BL 1' } },
    });
    expect(seen).toMatchObject([
      { type: 'state', state: { seq: 1, view: { kind: 'blank', tone: 'black' } } },
      { type: 'state', state: { seq: 2, view: { kind: 'page' } } },
    ]);
  });

  it('finds a session by id and code from another registry over the same database', async () => {
    const a = createPresentationsRegistry({ repository: createPresentationsRepository({ db }) });
    const b = createPresentationsRegistry({ repository: createPresentationsRepository({ db }) });
    const { session } = await a.open(owner);
    await a.apply({ id: session.id, command: { type: 'blank', tone: 'neutral' } });
    expect((await b.getByCode({ code: session.code })).session).toMatchObject({
      id: session.id,
      caseId: owner.caseId,
      state: { seq: 1 },
    });
    await b.end({ id: session.id });
    expect((await a.getById({ id: session.id })).session).toBeNull();
  });

  it('forgets an expired session and tells its listeners it ended', async () => {
    let now = new Date();
    const registry = createPresentationsRegistry({
      repository: createPresentationsRepository({ db }),
      ttlMs: 60_000,
      now: () => now,
    });
    const { session } = await registry.open(owner);
    const seen: string[] = [];
    registry.subscribe({ id: session.id, listener: (m) => seen.push(m.type) });
    await waitFor(() => seen.length === 1);
    expect((await registry.getByCode({ code: session.code })).session?.id).toBe(session.id);
    now = new Date(now.getTime() + 60_000);
    expect((await registry.getByCode({ code: session.code })).session).toBeNull();
    expect(seen).toEqual(['state', 'ended']);
    expect(
      await registry.apply({ id: session.id, command: { type: 'blank', tone: 'black' } }),
    ).toEqual({
      state: null,
    });
  });

  it('never hands out a code that is in use', async () => {
    const codes = ['AAAAAA', 'AAAAAA', 'BBBBBB'];
    const registry = createPresentationsRegistry({
      repository: createPresentationsRepository({ db }),
      newCode: () => codes.shift()!,
    });
    const a = (await registry.open(owner)).session;
    const b = (await registry.open(owner)).session;
    expect([a.code, b.code]).toEqual(['AAAAAA', 'BBBBBB']);
  });

  it('keeps every command of two presenter windows pushing at once', async () => {
    const registry = createPresentationsRegistry({
      repository: createPresentationsRepository({ db }),
    });
    const { session } = await registry.open(owner);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        registry.apply({
          id: session.id,
          command: { type: 'show', view: { kind: 'page', pageId: `pg_${i}`, label: `BL ${i}` } },
        }),
      ),
    );
    expect((await registry.getById({ id: session.id })).session?.state.seq).toBe(10);
  });

  it.skipIf(variant !== 'postgres')(
    'delivers pushes and the end to screens held by another process (LISTEN/NOTIFY)',
    async () => {
      // A second "process": its own pool on the same database, its own notification connection.
      const name = (
        await db
          .selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name'))
          .executeTakeFirstOrThrow()
      ).name;
      const target = new URL(TEST_POSTGRES_URL);
      target.pathname = `/${name}`;
      const other = await createDatabase({
        driver: 'postgres',
        url: target.toString(),
        poolSize: 2,
      });
      const logger = createSilentLogger();
      const presenterSide = createPresentationsRegistry({
        repository: createPresentationsRepository({ db }),
        bus: createPostgresPresentationsBus({ url: target.toString(), logger }),
      });
      const audienceSide = createPresentationsRegistry({
        repository: createPresentationsRepository({ db: other.db }),
        bus: createPostgresPresentationsBus({ url: target.toString(), logger }),
      });
      try {
        const { session } = await presenterSide.open(owner);
        const seen: PresentationMessage[] = [];
        audienceSide.subscribe({ id: session.id, listener: (m) => seen.push(m) });
        await waitFor(() => seen.length === 1);
        // LISTEN is asynchronous: give both notification connections time to be listening.
        await new Promise((r) => setTimeout(r, 300));
        await presenterSide.apply({
          id: session.id,
          command: { type: 'show', view: { kind: 'page', pageId: 'pg_9', label: 'BL 9' } },
        });
        await waitFor(() => seen.length === 2);
        expect(seen[1]).toMatchObject({
          type: 'state',
          state: { seq: 1, view: { pageId: 'pg_9' } },
        });
        // A state too big for a notice travels by reference: the listener reads it from the table.
        await presenterSide.apply({
          id: session.id,
          command: { type: 'stroke.begin', id: 's1', color: '#ff0000', point: [0.1, 0.1] },
        });
        await presenterSide.apply({
          id: session.id,
          command: {
            type: 'stroke.extend',
            id: 's1',
            points: Array.from({ length: 600 }, (_, i): [number, number] => [i / 600, 0.123456]),
          },
        });
        await waitFor(() => seen.length === 4);
        expect(seen[3]).toMatchObject({ type: 'state', state: { seq: 3 } });
        expect(JSON.stringify(seen[3]).length).toBeGreaterThan(7000);
        await presenterSide.end({ id: session.id });
        await waitFor(() => seen.at(-1)?.type === 'ended');
        expect(audienceSide.listenerCount({ id: session.id })).toBe(0);
      } finally {
        await presenterSide.close();
        await audienceSide.close();
        await other.close();
      }
    },
  );
});
