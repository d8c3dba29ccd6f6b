import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import { createTestDependencies, createTestJobRunner } from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { exportCaseIndex } from '../case-index/case-index.usecases.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { editStructure, getCaseStructure } from '../documents/documents.usecases.ts';
import { exportCasePdf } from '../exports/exports.usecases.ts';
import { correctPage, getIntegrityReport } from '../pages/pages.usecases.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import {
  deleteExplanation,
  explainAnomaly,
  getDigitizationState,
  transitionDigitization,
} from './digitization.usecases.ts';

const variants = await getDbVariants();
const context = SYSTEM_CONTEXT;

const page = (n: number | null, text: string): ScriptedPage => ({ text, butLuc: n });
/** Three documents, bút lục 1, 2, 4: number 3 is skipped (an anomaly to explain). */
const VOLUME: ScriptedPage[] = [
  page(
    1,
    'CƠ QUAN CẢNH SÁT ĐIỀU TRA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ\nSố: 12/QĐ-CSĐT',
  ),
  page(2, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG'),
  page(4, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBIÊN BẢN GHI LỜI KHAI\nHọ tên: Nguyễn Văn An'),
];

/*
 * The enforced procedure through its use cases on a real database and pipeline: who may take
 * which step, the approval checklist from live data, explanations, and the reopening of an
 * approved file when it changes.
 */
describe.each(variants)('digitization procedure on %s', (variant) => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let runner: ReturnType<typeof createTestJobRunner>;
  let clerk: Actor;
  let prosecutor: Actor;
  let otherProsecutor: Actor;
  let leader: Actor;
  let outsider: Actor;
  let caseId: string;

  async function user(unitId: string, username: string, roles: Actor['roles']): Promise<Actor> {
    const { user: created } = await deps.usersRepository.create({
      user: { unitId, username, fullName: username, roles: [...roles], passwordHash: 'x' },
    });
    return { userId: created.id, username, unitId, roles };
  }

  beforeAll(async () => {
    const database = await createTestDatabase({ variant });
    close = database.close;
    deps = createTestDependencies({
      db: database.db,
      pageProcessor: createScriptedPageProcessor(),
    });
    runner = createTestJobRunner({ deps });
    await runner.start();
    const { unit: root } = await deps.unitsRepository.create({
      unit: { code: 'TC', name: 'VKSND tối cao', level: 'SUPREME', parentId: null },
    });
    const { unit } = await deps.unitsRepository.create({
      unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL', parentId: root.id },
    });
    const { unit: other } = await deps.unitsRepository.create({
      unit: { code: 'HP', name: 'Hải Phòng', level: 'PROVINCIAL', parentId: root.id },
    });
    clerk = await user(unit.id, 'clerk', ['CLERK']);
    prosecutor = await user(unit.id, 'ksv', ['PROSECUTOR']);
    otherProsecutor = await user(unit.id, 'ksv2', ['PROSECUTOR']);
    leader = await user(unit.id, 'vt', ['LEADER']);
    outsider = await user(other.id, 'hp', ['LEADER', 'CLERK']);
    ({ caseId } = await ingestScriptedCase({ deps, actor: clerk, volumes: [VOLUME] }));
    await deps.casesRepository.setAssignees({
      caseId,
      assigneeIds: [clerk.userId, prosecutor.userId],
      assignedBy: leader.userId,
    });
  }, 120_000);
  afterAll(async () => {
    await runner.stop();
    await close();
  });

  const state = async (actor: Actor = clerk) =>
    (await getDigitizationState({ actor, caseId, context, deps })).digitization;
  const move = (
    actor: Actor,
    to: Parameters<typeof transitionDigitization>[0]['body']['to'],
    reason?: string,
  ) =>
    transitionDigitization({
      actor,
      caseId,
      body: { to, ...(reason ? { reason } : {}) },
      context,
      deps,
    });
  const item = (s: Awaited<ReturnType<typeof state>>, name: string) =>
    s.checklist.find((c) => c.item === name)!;

  it('moved to "scanning" when the first file was imported, and says who may take each step', async () => {
    const s = await state(clerk);
    expect(s.status).toBe('SCANNING');
    expect(s.history.map((h) => [h.from, h.to, h.automatic])).toEqual([
      ['RECEIVED', 'SCANNING', true],
    ]);
    expect(s.steps.find((st) => st.to === 'PROCESSING')).toMatchObject({
      allowed: true,
      reasonRequired: false,
    });
    expect((await state(prosecutor)).steps.find((st) => st.to === 'PROCESSING')?.allowed).toBe(
      false,
    );
  });

  it('refuses a step out of order, by the wrong role, or outside the case unit', async () => {
    await expect(move(clerk, 'APPROVED')).rejects.toMatchObject({
      code: 'digitization.transition_not_allowed',
    });
    await expect(move(prosecutor, 'PROCESSING')).rejects.toMatchObject({
      code: 'digitization.role_not_allowed',
    });
    await expect(move(outsider, 'PROCESSING')).rejects.toMatchObject({ code: 'case.not_found' });
    const denied = await deps.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'digitization.transitioned')
      .where('outcome', '=', 'DENIED')
      .execute();
    expect(denied.length).toBe(1);
  });

  it('lets the clerk send the processed file for review, and only an assigned prosecutor review it once anomalies are explained', async () => {
    await move(clerk, 'PROCESSING');
    const ready = await move(clerk, 'AWAITING_REVIEW');
    expect(ready.digitization.status).toBe('AWAITING_REVIEW');
    expect(item(ready.digitization, 'pages_processed').ok).toBe(true);

    const review = ready.digitization.steps.find((st) => st.to === 'REVIEWED')!;
    expect(review.blockedBy).toEqual(['integrity_resolved']);
    await expect(move(otherProsecutor, 'REVIEWED')).rejects.toMatchObject({
      code: 'digitization.role_not_allowed',
    });
    await expect(move(prosecutor, 'REVIEWED')).rejects.toMatchObject({
      code: 'digitization.checklist_incomplete',
    });

    const { report } = await getIntegrityReport({ actor: clerk, caseId, context, deps });
    expect(report.anomalies.map((a) => a.type)).toEqual(['skip']);
    await expect(
      explainAnomaly({
        actor: prosecutor,
        caseId,
        body: { anomalyKey: 'skip:99:nothing', note: 'x' },
        context,
        deps,
      }),
    ).rejects.toMatchObject({ code: 'digitization.unknown_anomaly' });
    const explained = await explainAnomaly({
      actor: prosecutor,
      caseId,
      body: { anomalyKey: report.anomalies[0]!.key, note: 'Bút lục 3 bị đánh số nhảy từ nguồn.' },
      context,
      deps,
    });
    expect(item(explained.digitization, 'integrity_resolved').ok).toBe(true);
    expect(explained.digitization.explanations[0]).toMatchObject({ authorName: 'ksv' });

    const reviewed = await move(prosecutor, 'REVIEWED');
    expect(reviewed.digitization.status).toBe('REVIEWED');
  });

  it('approves only with the index and the verified case PDF made after the last change', async () => {
    const before = await state(leader);
    expect(item(before, 'structure_reviewed').ok).toBe(true);
    expect(before.steps.find((st) => st.to === 'APPROVED')).toMatchObject({
      allowed: true,
      blockedBy: ['index_produced', 'pdf_exported'],
    });
    await expect(move(prosecutor, 'APPROVED')).rejects.toMatchObject({
      code: 'digitization.role_not_allowed',
    });
    await expect(move(leader, 'APPROVED')).rejects.toMatchObject({
      code: 'digitization.checklist_incomplete',
      details: {
        issues: [{ path: 'checklist.index_produced' }, { path: 'checklist.pdf_exported' }],
      },
    });

    await exportCaseIndex({ actor: prosecutor, caseId, format: 'docx', context, deps });
    await exportCasePdf({ caseId, profile: 'working', actor: prosecutor, context, deps });
    const approved = await move(leader, 'APPROVED');
    expect(approved.digitization.status).toBe('APPROVED');
    expect(approved.digitization.checklist.every((c) => c.ok)).toBe(true);
    const stored = await deps.db
      .selectFrom('digitization_transitions')
      .select('checklist')
      .where('case_id', '=', caseId)
      .where('to_status', '=', 'APPROVED')
      .executeTakeFirstOrThrow();
    expect(stored.checklist).toHaveLength(6);
  });

  it('reopens an approved file when it changes, and a withdrawn review no longer counts', async () => {
    const { pages } = await deps.pagesRepository.listCasePages({ caseId });
    await correctPage({
      actor: clerk,
      caseId,
      pageId: pages[2]!.id,
      changes: { butLuc: 3 },
      context,
      deps,
    });
    const reopened = await state(leader);
    expect(reopened.status).toBe('AWAITING_REVIEW');
    expect(reopened.history.at(-1)).toMatchObject({
      from: 'APPROVED',
      to: 'AWAITING_REVIEW',
      automatic: true,
      reason: 'page.corrected',
      actorName: 'clerk',
    });
    // The review and the exports predate the change.
    expect(item(reopened, 'structure_reviewed').ok).toBe(false);
    expect(item(reopened, 'pdf_exported').ok).toBe(false);
    expect(item(reopened, 'index_produced').ok).toBe(false);
    const events = await deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('case_id', '=', caseId)
      .where('action', '=', 'digitization.reopened')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('needs a reason to go back, and explanations can be withdrawn', async () => {
    await move(prosecutor, 'REVIEWED');
    await expect(move(prosecutor, 'AWAITING_REVIEW')).rejects.toMatchObject({
      code: 'digitization.reason_required',
    });
    const back = await move(prosecutor, 'AWAITING_REVIEW', 'Cần xem lại phần lời khai');
    expect(back.digitization.history.at(-1)).toMatchObject({
      to: 'AWAITING_REVIEW',
      reason: 'Cần xem lại phần lời khai',
      automatic: false,
    });
    expect(item(back.digitization, 'structure_reviewed').ok).toBe(false);

    const explanation = back.digitization.explanations[0];
    if (explanation) {
      const after = await deleteExplanation({
        actor: prosecutor,
        caseId,
        explanationId: explanation.id,
        context,
        deps,
      });
      expect(after.digitization.explanations).toHaveLength(0);
    }
    await expect(
      deleteExplanation({ actor: prosecutor, caseId, explanationId: 'exp_none', context, deps }),
    ).rejects.toMatchObject({ code: 'digitization.explanation_not_found' });
  });

  it('reopens a reviewed file on a structure edit', async () => {
    const s = await state(prosecutor);
    // Bút lục 3 is now stamped: nothing left to explain.
    expect(item(s, 'integrity_resolved')).toMatchObject({ ok: true, details: { anomalies: 0 } });
    await move(prosecutor, 'REVIEWED');
    const { structure } = await getCaseStructure({ actor: prosecutor, caseId, context, deps });
    const firstDoc = structure.sections.flatMap((sec) => sec.documents)[0]!;
    await editStructure({
      actor: prosecutor,
      caseId,
      edit: { op: 'editMetadata', documentId: firstDoc.id, fields: { notes: 'Đã kiểm tra' } },
      context,
      deps,
    });
    expect((await state()).status).toBe('AWAITING_REVIEW');
  });
});
