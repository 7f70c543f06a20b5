import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { DatabaseTarget } from '../config/load-config';
import * as schema from './schema';

/** The drizzle handle every module uses; the same type over PGlite and Postgres. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, passed to functions that must run inside the caller's transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface OpenDatabase {
  readonly db: Database;
  readonly kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

/** Arbitrary constant naming our schema-migration advisory lock. */
const MIGRATION_LOCK_ID = 472_911_001;
const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');

/**
 * Opens the configured database and brings its schema up to date. The same
 * migrations serve embedded PGlite (zero-setup default) and Postgres.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number } = {},
): Promise<OpenDatabase> {
  if (target.kind === 'pglite') return openPglite(target.dataDir);
  return openPostgres(target.url, options.poolSize ?? 10);
}

async function openPglite(dataDir: string): Promise<OpenDatabase> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // `memory://` keeps a throwaway database for tests; anything else is a folder.
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<OpenDatabase> {
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  // Instances may start together: one migrates at a time, under an advisory
  // lock held by a dedicated connection.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await migrator.end({ timeout: 5 });
  }
  const client = postgres(url, { max: poolSize, onnotice: () => {} });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}
