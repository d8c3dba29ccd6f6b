import type {
  Annotation,
  AnnotationColor,
  CreateAnnotationBody,
  ListAnnotationsQuery,
  UpdateAnnotationBody,
} from '@sohoa/contracts';
import { createAnnotationBodySchema, ANNOTATION_COLORS } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canActOnAnnotation } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow, mayActOnCase } from '../access/access.usecases.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import { defineError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createAnnotationNotFoundError } from './annotations.errors.ts';
import type { AnnotationRow, AnnotationsRepository } from './annotations.repository.ts';

export interface AnnotationsDeps extends CasesDeps {
  annotationsRepository: AnnotationsRepository;
  pagesRepository: PagesRepository;
}

const createPageNotFoundError = defineError('page.not_found');

const KIND_TO_STORED = { region: 'REGION', words: 'WORDS', note: 'NOTE' } as const;
const VISIBILITY_TO_STORED = { private: 'PRIVATE', shared: 'TEAM' } as const;

type Num4 = [number, number, number, number];

/** A stored row as the API shows it to `actor`. */
export function formatAnnotationForApi({
  row,
  actor,
  leaderOfCase,
}: {
  row: AnnotationRow;
  actor: Actor;
  leaderOfCase: boolean;
}): Annotation {
  const region = (row.region ?? {}) as {
    rect?: Annotation['rect'];
    boxes?: Num4[];
    point?: Annotation['point'];
  };
  const kind: Annotation['kind'] =
    row.kind === 'NOTE' ? 'note' : row.kind === 'WORDS' ? 'words' : 'region';
  const shared = row.visibility === 'TEAM';
  const manualButLuc = row.page_manual?.butLuc;
  return {
    id: row.id,
    caseId: row.case_id,
    pageId: row.page_id!,
    kind,
    rect: region.rect ?? null,
    boxes: region.boxes ?? null,
    point: region.point ?? null,
    text: row.body,
    color: (ANNOTATION_COLORS as readonly string[]).includes(row.color ?? '')
      ? (row.color as AnnotationColor)
      : 'yellow',
    visibility: shared ? 'shared' : 'private',
    author: { id: row.author_id, name: row.author_name },
    mine: row.author_id === actor.userId,
    canDelete: canActOnAnnotation({
      actor,
      annotation: { authorId: row.author_id, shared },
      leaderOfCase,
      action: 'delete',
    }),
    page: {
      volume: row.page_volume,
      seq: row.page_seq,
      butLuc: manualButLuc !== undefined ? manualButLuc : row.page_but_luc,
    },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function readCase({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: AnnotationsDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  const leaderOfCase = await mayActOnCase({
    actor,
    case: found,
    action: 'delete',
    unitsRepository: deps.unitsRepository,
  });
  return { case: found, leaderOfCase };
}

/** Shared annotations and the actor's own private ones, optionally of one page/document/author. */
export async function listAnnotations({
  actor,
  caseId,
  query,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  query: ListAnnotationsQuery;
  context: RequestContext;
  deps: AnnotationsDeps;
}) {
  const { leaderOfCase } = await readCase({ actor, caseId, context, deps });
  const { annotations } = await deps.annotationsRepository.listVisible({
    caseId,
    viewerId: actor.userId,
    pageId: query.pageId,
    documentId: query.documentId,
    authorId: query.author === 'me' ? actor.userId : query.author,
    visibility: query.visibility ? VISIBILITY_TO_STORED[query.visibility] : undefined,
  });
  return {
    annotations: annotations.map((row) => formatAnnotationForApi({ row, actor, leaderOfCase })),
  };
}

/** A visible annotation or `annotation.not_found` (also for someone else's private one). */
async function getVisibleOrThrow({
  actor,
  caseId,
  annotationId,
  leaderOfCase,
  deps,
}: {
  actor: Actor;
  caseId: string;
  annotationId: string;
  leaderOfCase: boolean;
  deps: AnnotationsDeps;
}) {
  const { annotation } = await deps.annotationsRepository.getById({ caseId, annotationId });
  if (
    !annotation ||
    !canActOnAnnotation({
      actor,
      annotation: { authorId: annotation.author_id, shared: annotation.visibility === 'TEAM' },
      leaderOfCase,
      action: 'view',
    })
  ) {
    throw createAnnotationNotFoundError();
  }
  return { annotation };
}

export async function createAnnotation({
  actor,
  caseId,
  body,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  body: CreateAnnotationBody;
  context: RequestContext;
  deps: AnnotationsDeps;
  now?: Date;
}) {
  const input = createAnnotationBodySchema.parse(body);
  const { case: found, leaderOfCase } = await readCase({ actor, caseId, context, deps });
  if (!canActOnAnnotation({ actor, annotation: null, leaderOfCase, action: 'create' })) {
    throw createForbiddenError();
  }
  const { page } = await deps.pagesRepository.getPage({ pageId: input.pageId });
  if (!page || page.case_id !== caseId) {
    throw createPageNotFoundError();
  }
  const region =
    input.kind === 'region'
      ? { rect: input.rect }
      : input.kind === 'words'
        ? { boxes: input.boxes }
        : { point: input.point };
  const { id } = await deps.annotationsRepository.insert({
    annotation: {
      caseId,
      pageId: input.pageId,
      authorId: actor.userId,
      kind: KIND_TO_STORED[input.kind],
      region,
      body: input.text ? input.text : null,
      color: input.color,
      visibility: VISIBILITY_TO_STORED[input.visibility],
    },
    now,
  });
  // The audit trail says what happened, not what a private note says.
  await deps.auditRepository.record({
    event: {
      action: 'annotation.created',
      actor,
      targetKind: 'annotation',
      targetId: id,
      caseId,
      unitId: found.unitId,
      context,
      details: { kind: input.kind, pageId: input.pageId, visibility: input.visibility },
    },
  });
  const { annotation } = await deps.annotationsRepository.getById({ caseId, annotationId: id });
  return { annotation: formatAnnotationForApi({ row: annotation!, actor, leaderOfCase }) };
}

export async function updateAnnotation({
  actor,
  caseId,
  annotationId,
  changes,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  annotationId: string;
  changes: UpdateAnnotationBody;
  context: RequestContext;
  deps: AnnotationsDeps;
  now?: Date;
}) {
  const { case: found, leaderOfCase } = await readCase({ actor, caseId, context, deps });
  const { annotation: row } = await getVisibleOrThrow({
    actor,
    caseId,
    annotationId,
    leaderOfCase,
    deps,
  });
  const shared = row.visibility === 'TEAM';
  if (
    !canActOnAnnotation({
      actor,
      annotation: { authorId: row.author_id, shared },
      leaderOfCase,
      action: 'edit',
    })
  ) {
    throw createForbiddenError();
  }
  const region = { ...(row.region ?? {}) };
  if (changes.rect !== undefined && row.kind !== 'NOTE' && row.kind !== 'WORDS') {
    region.rect = changes.rect;
  }
  if (changes.point !== undefined && row.kind === 'NOTE') {
    region.point = changes.point;
  }
  await deps.annotationsRepository.update({
    annotationId,
    changes: {
      ...(changes.rect !== undefined || changes.point !== undefined ? { region } : {}),
      ...(changes.text !== undefined ? { body: changes.text === '' ? null : changes.text } : {}),
      ...(changes.color !== undefined ? { color: changes.color } : {}),
      ...(changes.visibility !== undefined
        ? { visibility: VISIBILITY_TO_STORED[changes.visibility] }
        : {}),
    },
    now,
  });
  await deps.auditRepository.record({
    event: {
      action: 'annotation.updated',
      actor,
      targetKind: 'annotation',
      targetId: annotationId,
      caseId,
      unitId: found.unitId,
      context,
      details: {
        changed: Object.keys(changes),
        ...(changes.visibility !== undefined
          ? { visibility: { before: shared ? 'shared' : 'private', after: changes.visibility } }
          : {}),
      },
    },
  });
  const { annotation } = await deps.annotationsRepository.getById({ caseId, annotationId });
  return { annotation: formatAnnotationForApi({ row: annotation!, actor, leaderOfCase }) };
}

export async function deleteAnnotation({
  actor,
  caseId,
  annotationId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  annotationId: string;
  context: RequestContext;
  deps: AnnotationsDeps;
  now?: Date;
}) {
  const { case: found, leaderOfCase } = await readCase({ actor, caseId, context, deps });
  const { annotation: row } = await getVisibleOrThrow({
    actor,
    caseId,
    annotationId,
    leaderOfCase,
    deps,
  });
  if (
    !canActOnAnnotation({
      actor,
      annotation: { authorId: row.author_id, shared: row.visibility === 'TEAM' },
      leaderOfCase,
      action: 'delete',
    })
  ) {
    throw createForbiddenError();
  }
  await deps.annotationsRepository.softDelete({ annotationId, now });
  await deps.auditRepository.record({
    event: {
      action: 'annotation.deleted',
      actor,
      targetKind: 'annotation',
      targetId: annotationId,
      caseId,
      unitId: found.unitId,
      context,
      details: { authorId: row.author_id, pageId: row.page_id },
    },
  });
  return { deleted: true };
}
