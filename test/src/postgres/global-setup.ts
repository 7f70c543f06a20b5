import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's throwaway Postgres cluster; each suite makes its own database. */
    postgresUrl: string;
  }
}

/** One real Postgres cluster per test run, shared by every suite that asks for it. */
export default async function setup(project: TestProject) {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
  };
}
