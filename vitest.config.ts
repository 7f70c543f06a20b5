import { defineConfig } from 'vitest/config';

// One run covers every package. Cross-process suites in test/ start real
// processes (Postgres, the cloud, agents), so they get longer timeouts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'agent/src/**/*.test.ts', 'cloud/src/**/*.test.ts', 'test/src/**/*.unit.test.ts'],
          globalSetup: ['test/src/postgres/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/src/**/*.e2e.test.ts'],
          globalSetup: ['test/src/postgres/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
