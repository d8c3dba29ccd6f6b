import {
  documentTypeOf,
  PERSON_ROLES,
  TIMELINE_DOCUMENT_TYPES,
  type CasePerson,
} from '@sohoa/contracts';
import { buildPersonIndex, type PersonAppearance } from '@sohoa/processing';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { recordCaseEvent } from '../cases/cases.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { toTimelineDocument, type TimelineDeps } from '../timeline/timeline.usecases.ts';

const roleName = (code: string) => {
  const role = PERSON_ROLES.find((r) => r.code === code);
  return role ? { vi: role.name_vi, en: role.name_en } : { vi: code, en: code };
};

const withTypeName = (a: PersonAppearance) => {
  const type = documentTypeOf(a.typeCode);
  return {
    ...a,
    typeName: type
      ? { vi: type.name_vi, en: type.name_en }
      : { vi: 'Tài liệu khác', en: 'Other document' },
  };
};

/**
 * Everyone named in the documents of a case (spelling variants grouped), their roles, where they
 * appear, and their own statements in date order.
 */
export async function getCasePersons({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: Omit<TimelineDeps, 'timelineRepository'>;
}): Promise<{ persons: CasePerson[] }> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  await recordCaseEvent({
    action: 'case.read',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { view: 'persons' },
  });
  const { documents } = await deps.documentsRepository.listByCase({ caseId });
  const { persons } = buildPersonIndex({
    documents: documents.map(toTimelineDocument),
    types: TIMELINE_DOCUMENT_TYPES,
    personRoles: PERSON_ROLES,
  });
  return {
    persons: persons.map((p) => ({
      ...p,
      roles: p.roles.map((code) => ({ code, name: roleName(code) })),
      appearances: p.appearances.map(withTypeName),
      statements: p.statements.map(withTypeName),
    })),
  };
}
