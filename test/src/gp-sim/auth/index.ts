export {
  NegotiateAcceptor,
  type NegotiateAcceptorOptions,
  type NegotiateOutcome,
} from './negotiate-acceptor';
export { NtlmAcceptor, type NtlmAcceptorOptions, type NtlmAccount, type NtlmOutcome } from './ntlm-acceptor';
export {
  createSimAuthentication,
  type SimAuthEvent,
  type SimAuthentication,
  type SimAuthOptions,
} from './sim-authentication';
