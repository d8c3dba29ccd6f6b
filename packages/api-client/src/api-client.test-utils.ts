import { createApiClient, type ApiClient } from './index.ts';

/**
 * A fresh server made usable for tests and benchmarks: first-run setup (unit + admin), a clerk of
 * that unit, and an API client logged in as the clerk.
 */
export async function setupUnitWithClerk({
  baseUrl,
  password,
}: {
  baseUrl: string;
  password: string;
}): Promise<{
  unitId: string;
  loginClerk: () => Promise<ApiClient>;
}> {
  const admin = createApiClient({ baseUrl });
  const { unit } = await admin.setup({
    unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL' },
    admin: { username: 'admin', fullName: 'Quản trị', password },
  });
  admin.setToken((await admin.login({ username: 'admin', password })).token);
  await admin.createUser({
    unitId: unit.id,
    username: 'clerk',
    fullName: 'Chuyên viên',
    roles: ['CLERK'],
    password,
  });
  const loginClerk = async () => {
    const api = createApiClient({ baseUrl });
    api.setToken((await api.login({ username: 'clerk', password })).token);
    return api;
  };
  return { unitId: unit.id, loginClerk };
}
