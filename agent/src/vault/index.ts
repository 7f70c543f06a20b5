export { writeFileAtomic } from './atomic-write';
export { FileKeyProtector } from './file-key-protector';
export { DATA_KEY_BYTES, type KeyProtector } from './key-protector';
export { VAULT_KEY_FILE, Vault, type VaultOpenOptions } from './vault';
