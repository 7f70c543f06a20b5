import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AgentError, AgentErrorCode } from '../errors';
import { syncDirectory, writeFileAtomic } from './atomic-write';
import { FileKeyProtector } from './file-key-protector';
import type { KeyProtector } from './key-protector';

/** Entry names: lower-case so they map to the same file on case-insensitive file systems (NTFS). */
const ENTRY_NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const ENTRY_SUFFIX = '.entry';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/** Default key file name inside the vault directory. */
export const VAULT_KEY_FILE = 'vault.key';

/** On-disk form of one entry; everything but `v` is base64. */
interface EntryFile {
  v: number;
  iv: string;
  tag: string;
  data: string;
}

export interface VaultOpenOptions {
  /** Who guards the data key; default: a 0600 key file `vault.key` inside `dir`. */
  protector?: KeyProtector;
}

/**
 * The agent's local secret store: GP credentials and the agent's private key.
 * Each entry is its own file, sealed with AES-256-GCM under the data key (fresh
 * 96-bit IV per write, the entry name as additional authenticated data, so a
 * file copied onto another name fails to open). Writes are atomic. Values never
 * appear in errors or in this object's string/inspect forms.
 */
export class Vault {
  readonly #key: Buffer;
  readonly #entriesDir: string;

  private constructor(
    readonly dir: string,
    key: Buffer,
    private readonly protector: KeyProtector,
  ) {
    this.#key = key;
    this.#entriesDir = join(dir, 'entries');
  }

  /** Opens (creating on first use) the vault in `dir`; the directory is created 0700. */
  static async open(dir: string, options: VaultOpenOptions = {}): Promise<Vault> {
    const protector = options.protector ?? new FileKeyProtector(join(dir, VAULT_KEY_FILE));
    try {
      await mkdir(join(dir, 'entries'), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new AgentError(AgentErrorCode.vault, `cannot create the vault directory ${dir}`, {
        cause: error,
      });
    }
    const key = await protector.loadOrCreateKey();
    return new Vault(dir, key, protector);
  }

  /** The decrypted value of `name`, or undefined when there is no such entry. */
  async get<T>(name: string): Promise<T | undefined> {
    const path = this.pathOf(name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw new AgentError(AgentErrorCode.vault, `cannot read vault entry "${name}"`, { cause: error });
    }
    const entry = parseEntryFile(text);
    if (!entry) {
      throw new AgentError(AgentErrorCode.vault, `vault entry "${name}" is damaged (not a vault entry file)`);
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(entry.iv, 'base64'));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      plain = Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]);
    } catch {
      // No cause: the crypto error says nothing useful and we keep key material out of error chains.
      throw new AgentError(
        AgentErrorCode.vault,
        `vault entry "${name}" failed its integrity check: the file was modified, copied from another entry, ` +
          `or sealed with a different data key than the ${this.protector.description}. ` +
          'Set the entry again or restore the vault directory from a backup.',
      );
    }
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Seals and atomically writes `value` (anything JSON can represent) under `name`. */
  async set(name: string, value: unknown): Promise<void> {
    const path = this.pathOf(name);
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) {
      throw new AgentError(AgentErrorCode.vault, `vault entry "${name}" must be a JSON value`);
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    const entry: EntryFile = {
      v: FORMAT_VERSION,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    try {
      await writeFileAtomic(path, `${JSON.stringify(entry)}\n`, 0o600);
    } catch (error) {
      throw new AgentError(AgentErrorCode.vault, `cannot write vault entry "${name}"`, { cause: error });
    }
  }

  /** Removes `name`; true when it existed. */
  async delete(name: string): Promise<boolean> {
    const path = this.pathOf(name);
    try {
      await rm(path);
      await syncDirectory(this.#entriesDir);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return false;
      throw new AgentError(AgentErrorCode.vault, `cannot delete vault entry "${name}"`, { cause: error });
    }
  }

  /** Names of the entries, sorted; never their values. */
  async list(): Promise<string[]> {
    const files = await readdir(this.#entriesDir);
    return files
      .filter((file) => file.endsWith(ENTRY_SUFFIX))
      .map((file) => file.slice(0, -ENTRY_SUFFIX.length))
      .filter((name) => ENTRY_NAME.test(name))
      .sort();
  }

  toString(): string {
    return `Vault(${this.dir})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  toJSON(): { dir: string } {
    return { dir: this.dir };
  }

  private pathOf(name: string): string {
    if (typeof name !== 'string' || !ENTRY_NAME.test(name)) {
      throw new AgentError(
        AgentErrorCode.vault,
        `invalid vault entry name ${JSON.stringify(String(name)).slice(0, 80)}: use 1-128 characters ` +
          'a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
      );
    }
    return join(this.#entriesDir, `${name}${ENTRY_SUFFIX}`);
  }
}

function parseEntryFile(text: string): EntryFile | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const entry = value as Partial<EntryFile> | null;
  const ok =
    entry?.v === FORMAT_VERSION &&
    typeof entry.iv === 'string' &&
    typeof entry.tag === 'string' &&
    typeof entry.data === 'string' &&
    Buffer.from(entry.iv, 'base64').length === IV_BYTES &&
    Buffer.from(entry.tag, 'base64').length === TAG_BYTES;
  return ok ? (entry as EntryFile) : null;
}
