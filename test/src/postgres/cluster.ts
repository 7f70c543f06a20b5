import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../net/free-port';

/** A throwaway PostgreSQL cluster on 127.0.0.1, for tests and benchmarks. */
export interface PostgresCluster {
  /** Superuser connection URL to the `postgres` database. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const POSTGRES_USER = 'postgres';

/** Debian keeps initdb and pg_ctl off PATH, in /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidate = fromPgConfig.status === 0 ? fromPgConfig.stdout.trim() : '';
  if (candidate && existsSync(join(candidate, 'initdb'))) return candidate;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found: run scripts/setup.sh (installs the postgresql package)',
    );
  }
  return join(root, versions[0]!, 'bin');
}

/**
 * Starts a fresh cluster in a temp directory. initdb refuses to run as root, so
 * as root the cluster belongs to the `postgres` OS user. fsync is off: these
 * clusters hold test data only and are deleted on stop.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binDir = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'gprelay-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = execFileSync('id', ['-u', POSTGRES_USER], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', POSTGRES_USER], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(binDir, tool);
    const argv = asRoot ? ['-u', POSTGRES_USER, '--', join(binDir, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  const user = asRoot ? POSTGRES_USER : (process.env.USER ?? POSTGRES_USER);
  const dataDir = join(dir, 'data');
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', user, '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
