import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { reopenAfterChange } from '../digitization/digitization.reopen.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { VolumesRepository } from './volumes.repository.ts';

export type VolumesDeps = CasesDeps & { volumesRepository: VolumesRepository };

export async function listVolumes({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: VolumesDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  return deps.volumesRepository.listByCase({ caseId });
}

/** A volume (tập) is where scans are imported, so creating one needs the import right. */
export async function createVolume({
  actor,
  caseId,
  number,
  title,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  number?: number;
  title?: string | null;
  context: RequestContext;
  deps: VolumesDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'import',
    context,
    ...deps,
  });
  const { volume } = await deps.volumesRepository.create({
    caseId,
    ...(number !== undefined ? { number } : {}),
    title: title ?? null,
  });
  await deps.auditRepository.record({
    event: {
      action: 'volume.created',
      actor,
      targetKind: 'volume',
      targetId: volume.id,
      caseId,
      unitId: found.unitId,
      context,
      details: { number: volume.number },
    },
  });
  await reopenAfterChange({ actor, caseId, reason: 'volume.created', context, deps });
  return { volume };
}
