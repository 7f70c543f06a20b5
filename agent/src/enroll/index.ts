export {
  type EnrollFetch,
  type EnrollOptions,
  type EnrollResult,
  enrollAgent,
  type IdentityVaultWriter,
} from './enroll-agent';
export { CloudEnrollErrorCode } from './enroll-errors';
export {
  type AgentIdentity,
  type Ed25519PrivateJwk,
  IDENTITY_VAULT_ENTRY,
  type IdentityVaultReader,
  loadIdentity,
} from './identity';
