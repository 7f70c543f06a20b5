/** Size of the vault's data key: AES-256. */
export const DATA_KEY_BYTES = 32;

/**
 * Keeps the vault's data key safe at rest. The vault only ever sees the raw key
 * in memory; how it is protected on disk is the protector's business: a 0600 key
 * file here, DPAPI (machine or service-account scope) on Windows later.
 */
export interface KeyProtector {
  /** Where/how the key is kept, for operator messages (never the key itself). */
  readonly description: string;
  /**
   * Returns the 32-byte data key, creating and protecting a fresh random one on
   * first use. Throws AgentError(vault) when the key exists but cannot be trusted
   * or read.
   */
  loadOrCreateKey(): Promise<Buffer>;
}
