import { defineConfig } from 'vitest/config';

// One run covers every package. The cloud and cross-process suites need a real
// Postgres cluster, started once per run by the global setup; pure unit suites
// do not pay for it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'agent/src/**/*.test.ts', 'test/src/**/*.unit.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'cloud',
          // *.int.test.ts in test/: the cloud in process against the emulators, on both databases.
          include: ['cloud/src/**/*.test.ts', 'test/src/**/*.int.test.ts'],
          globalSetup: ['test/src/postgres/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/src/**/*.e2e.test.ts'],
          globalSetup: ['test/src/postgres/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
