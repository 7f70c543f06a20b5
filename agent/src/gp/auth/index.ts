export { type AuthCheck, checkGpAuth } from './auth-doctor';
export { AuthReportingSource } from './auth-reporting-source';
export {
  crossSourceAuthProblems,
  GpAuthMode,
  type GpAuthSettings,
  GpCredentialKind,
  NO_AUTH,
  parseAuthSettings,
} from './auth-settings';
export { type GpAuthDeps, type GpAuthentication, GpAuthFactory } from './gp-auth-factory';
export { type GssApi, type GssClientContext, loadGss } from './kerberos/gss';
export {
  classifyKerberosText,
  KerberosProblem,
  kerberosFailureLine,
} from './kerberos/kerberos-errors';
export type { KerberosCredential } from './kerberos-credential';
export { NegotiateAuthenticator } from './negotiate-authenticator';
export { NegotiateWithNtlmFallback } from './negotiate-with-ntlm-fallback';
export { createAuthenticateMessage, type NtlmIdentity } from './ntlm/ntlm-client';
export { computeNtlmv2Response, fileTime, hmacMd5, ntHash, ntowfv2 } from './ntlm/ntlm-crypto';
export {
  AvId,
  type ChallengeMessage,
  decodeChallengeMessage,
  encodeNegotiateMessage,
  NtlmFlag,
} from './ntlm/ntlm-messages';
export { NtlmAuthenticator, type NtlmConnection } from './ntlm-authenticator';
export { UndiciNtlmConnection } from './ntlm-connection';
export { type PasswordSource, RejectedPasswords, type SecretReader, vaultPassword } from './password-source';
export { servicePrincipalFor } from './spn';
