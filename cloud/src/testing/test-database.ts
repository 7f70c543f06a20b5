import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type OpenDatabase, openDatabase } from '../db/open-database';

/** Both storage engines the cloud supports; suites run once per engine. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/**
 * A fresh, migrated database for one suite: in-memory PGlite, or a new database
 * in the run's real Postgres cluster (see test/src/postgres/global-setup.ts).
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<OpenDatabase & { url: string | null }> {
  if (kind === 'pglite') {
    return { ...(await openDatabase({ kind: 'pglite', dataDir: 'memory://' })), url: null };
  }
  const url = await createPostgresDatabase();
  return { ...(await openDatabase({ kind: 'postgres', url })), url };
}

/** Creates an empty database in the run's cluster and returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `gprelay_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
