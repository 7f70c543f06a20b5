import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Creates an empty database in the cluster at `adminUrl` and returns its URL. */
export async function createDatabase(adminUrl: string, prefix = 'gprelay_e2e'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
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
