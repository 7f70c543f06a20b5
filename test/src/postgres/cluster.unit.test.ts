import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from './cluster';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.stop());

it('starts a real Postgres that answers queries on its own port', async () => {
  const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: string }[]>`select version()`;
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
    expect(cluster.url).toContain(`:${cluster.port}/`);
  } finally {
    await sql.end();
  }
});
