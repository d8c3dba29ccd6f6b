import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    // Hooks build the SPA and start servers: generous, so a loaded machine does not fail them.
    hookTimeout: 180_000,
    // PGlite instances are heavy (WASM, ~40 MB each): keep parallelism at the core count.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          exclude: [
            '**/*.int.test.ts',
            '**/*.e2e.test.ts',
            '**/*.security.test.ts',
            '**/node_modules/**',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: [
            'apps/*/src/**/*.int.test.ts',
            'apps/*/src/**/*.e2e.test.ts',
            'apps/*/e2e/**/*.e2e.test.ts',
          ],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:security`: the access-control matrix and the hardening checks (issue 8).
          name: 'security',
          include: ['apps/server/src/security/**/*.security.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
