import { ApiError, type ApiClient } from '@sohoa/api-client';

/** Readable names for unit and user ids in human output. */
export interface Names {
  unit: (unitId: string) => string;
  user: (userId: string) => string;
}

/** Shows the ids themselves: used for `--json` output, which needs no names. */
export const ID_NAMES: Names = { unit: (id) => id, user: (id) => id };

/**
 * Looks up unit codes and user names for human output. Best effort: whatever the actor may not
 * list (an API refusal) is shown as its id rather than failing the command.
 */
export async function loadNames({
  api,
  users = false,
}: {
  api: ApiClient;
  users?: boolean;
}): Promise<Names> {
  const [unitList, userList] = await Promise.all([
    api.listUnits().catch(ignoreRefusal),
    users ? api.listUsers().catch(ignoreRefusal) : null,
  ]);
  const unitNames = new Map(unitList?.units.map((u) => [u.id, `${u.code} — ${u.name}`]));
  const userNames = new Map(userList?.users.map((u) => [u.id, `${u.fullName} (${u.username})`]));
  return {
    unit: (id) => unitNames.get(id) ?? id,
    user: (id) => userNames.get(id) ?? id,
  };
}

function ignoreRefusal(error: unknown): null {
  if (error instanceof ApiError) {
    return null;
  }
  throw error;
}
