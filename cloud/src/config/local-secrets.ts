import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudError, CloudErrorCode } from '../errors';
import type { CloudConfig } from './load-config';

export interface ResolvedSecrets {
  masterKey: Buffer;
  operatorToken: string;
}

/**
 * MASTER_KEY and OPERATOR_TOKEN from the environment, or — for the embedded
 * zero-setup mode only — from files in DATA_DIR, created on first start with
 * mode 0600. (With DATABASE_URL both must come from the environment, so every
 * instance shares them; loadConfig enforces that.)
 */
export function resolveSecrets(config: CloudConfig): ResolvedSecrets {
  return {
    masterKey:
      config.masterKey ??
      Buffer.from(
        readOrCreate(config.dataDir, 'master.key', () => randomBytes(32).toString('hex')),
        'hex',
      ),
    operatorToken:
      config.operatorToken ??
      readOrCreate(config.dataDir, 'operator-token', () => randomBytes(24).toString('base64url')),
  };
}

/** Where the embedded operator token lives, for the admin CLI. */
export function operatorTokenPath(dataDir: string): string {
  return join(dataDir, 'operator-token');
}

function readOrCreate(dataDir: string, name: string, create: () => string): string {
  const path = join(dataDir, name);
  if (existsSync(path)) {
    const mode = statSync(path).mode & 0o077;
    if (mode !== 0 && process.platform !== 'win32') {
      throw new CloudError(
        CloudErrorCode.config,
        `${path} is readable by other users; run: chmod 600 ${path}`,
      );
    }
    return readFileSync(path, 'utf8').trim();
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = create();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return value;
}
