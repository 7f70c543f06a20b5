import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentError, AgentErrorCode } from '../errors';
import { syncDirectory } from './atomic-write';
import { DATA_KEY_BYTES, type KeyProtector } from './key-protector';

const KEY_FILE_HEADER = 'gprelay-vault-key-v1';

/**
 * The data key in a plain file that only the agent's account may read: created
 * 0600 inside a 0700 directory, refused when group or others have any access
 * (the POSIX analogue of what DPAPI gives on Windows). The file holds the key as
 * base64 after a header line, so a backup tool or an editor cannot mangle it.
 */
export class FileKeyProtector implements KeyProtector {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `key file ${path}`;
  }

  async loadOrCreateKey(): Promise<Buffer> {
    const existing = await this.read();
    if (existing) return existing;
    await this.create();
    const created = await this.read();
    if (!created) throw vaultError(`the vault key file ${this.path} vanished right after it was created`);
    return created;
  }

  private async read(): Promise<Buffer | null> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(this.path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw vaultError(
        `cannot read the vault key file ${this.path} (${errnoCode(error) ?? 'unknown error'})`,
        error,
      );
    }
    if (!info.isFile()) throw vaultError(`the vault key path ${this.path} is not a regular file`);
    // POSIX permission bits mean nothing on Windows; there the key is protected by DPAPI instead.
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw vaultError(
        `refusing to use the vault key file ${this.path}: it is accessible by group or others (mode ${mode}). ` +
          `Restrict it with \`chmod 600 ${this.path}\` and make sure only the agent's account owns it.`,
      );
    }
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw vaultError(
        `cannot read the vault key file ${this.path} (${errnoCode(error) ?? 'unknown error'})`,
        error,
      );
    }
    const [header, encoded] = text.trim().split('\n');
    const key = header === KEY_FILE_HEADER && encoded ? Buffer.from(encoded.trim(), 'base64') : null;
    if (!key || key.length !== DATA_KEY_BYTES) {
      throw vaultError(`the vault key file ${this.path} is damaged (not a ${DATA_KEY_BYTES}-byte key)`);
    }
    return key;
  }

  /**
   * Writes a fresh key without ever exposing a half-written file under the real
   * name: temp file, fsync, then a hard link that fails if another process
   * (e.g. the CLI racing the service) created the key first; theirs wins.
   */
  private async create(): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${KEY_FILE_HEADER}\n${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, this.path);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') {
        throw vaultError(
          `cannot create the vault key file ${this.path} (${errnoCode(error) ?? 'unknown error'})`,
          error,
        );
      }
    } finally {
      await rm(tmp, { force: true });
    }
    await syncDirectory(dir);
  }
}

function vaultError(message: string, cause?: unknown): AgentError {
  return new AgentError(AgentErrorCode.vault, message, { cause });
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
