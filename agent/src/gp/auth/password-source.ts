import { createHash } from 'node:crypto';
import type { Clock } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';

/** Where the GP service account's password lives: a vault entry, read afresh on every logon. */
export interface PasswordSource {
  /** Vault entry name, for messages (`agent vault set <entry>`). */
  readonly entry: string;
  /** The password; throws AGENT_GP_AUTH_FAILED when the entry is missing or not a string. */
  read(): Promise<string>;
}

/** The vault, as far as reading a password goes. */
export interface SecretReader {
  get<T>(name: string): Promise<T | undefined>;
}

/**
 * Reads the password from the vault each time a logon needs it, so
 * `agent vault set` takes effect on the next logon without a restart.
 */
export function vaultPassword(
  vault: SecretReader | (() => Promise<SecretReader>),
  entry: string,
): PasswordSource {
  return {
    entry,
    async read() {
      const reader = typeof vault === 'function' ? await vault() : vault;
      const value = await reader.get<unknown>(entry);
      if (typeof value !== 'string' || value === '') {
        throw new AgentError(
          AgentErrorCode.gpAuth,
          `no GP password in vault entry "${entry}": store it with "agent vault set ${entry}" (reads stdin)`,
        );
      }
      return value;
    },
  };
}

/**
 * Remembers a password the domain refused (by a SHA-256 fingerprint, in
 * memory) and refuses to send it again for `holdMs`, unless the vault entry
 * changes. A service polling every few seconds with a wrong password would
 * otherwise lock the account out under the domain's lockout policy.
 */
export class RejectedPasswords {
  #rejected: { fingerprint: string; atMs: number; reason: string } | null = null;

  constructor(
    private readonly clock: Clock,
    /** Default 15 minutes: one bad attempt per quarter hour stays far below usual lockout thresholds. */
    private readonly holdMs = 15 * 60_000,
  ) {}

  /** Throws AGENT_GP_AUTH_FAILED when `password` was refused less than holdMs ago. */
  check(password: string): void {
    const rejected = this.#rejected;
    if (rejected === null || rejected.fingerprint !== fingerprint(password)) return;
    const waitMs = rejected.atMs + this.holdMs - this.clock.now();
    if (waitMs <= 0) return;
    throw new AgentError(
      AgentErrorCode.gpAuth,
      `${rejected.reason} (this password is not tried again for ${Math.ceil(waitMs / 60_000)} min, so the account is not locked out; a new one set in the vault is tried at once)`,
    );
  }

  reject(password: string, reason: string): void {
    this.#rejected = { fingerprint: fingerprint(password), atMs: this.clock.now(), reason };
  }

  accepted(password: string): void {
    if (this.#rejected?.fingerprint === fingerprint(password)) this.#rejected = null;
  }
}

/** Compares passwords without keeping them: equal fingerprints, equal passwords. */
export function fingerprint(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}
