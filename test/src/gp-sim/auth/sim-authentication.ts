import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Authenticate, AuthResult } from '../http/sim-server';
import { NegotiateAcceptor, type NegotiateAcceptorOptions } from './negotiate-acceptor';
import { NtlmAcceptor, type NtlmAcceptorOptions } from './ntlm-acceptor';

export interface SimAuthOptions {
  /** Offer and accept Kerberos via Negotiate (keytab from KRB5_KTNAME). */
  readonly negotiate?: NegotiateAcceptorOptions;
  /** Offer and accept NTLM for these accounts. */
  readonly ntlm?: NtlmAcceptorOptions;
}

/** One decision of the simulated IIS, for assertions. */
export interface SimAuthEvent {
  readonly scheme: 'Negotiate' | 'NTLM' | 'connection' | 'none';
  readonly outcome: 'accepted' | 'challenged' | 'refused';
  /** Which TCP connection (1, 2, ... in order of first sight). */
  readonly connection: number;
  readonly user?: string;
  readonly reason?: string;
}

export interface SimAuthentication {
  /** Pass to startGpSimulator({ authenticate }). */
  readonly authenticate: Authenticate;
  readonly events: SimAuthEvent[];
  /** Distinct TCP connections seen. */
  readonly connections: () => number;
}

/**
 * IIS's Windows Authentication for the simulator: Negotiate only, NTLM only,
 * or both offered (`WWW-Authenticate: Negotiate` and `WWW-Authenticate: NTLM`,
 * in that order, as IIS lists its providers). Kerberos is per request with the
 * mutual-auth token on success; NTLM is per connection.
 */
export function createSimAuthentication(options: SimAuthOptions): SimAuthentication {
  if (!options.negotiate && !options.ntlm) throw new RangeError('offer Negotiate, NTLM or both');
  const negotiate = options.negotiate ? new NegotiateAcceptor(options.negotiate) : null;
  const ntlm = options.ntlm ? new NtlmAcceptor(options.ntlm) : null;
  const offered = [...(negotiate ? ['Negotiate'] : []), ...(ntlm ? ['NTLM'] : [])];
  const events: SimAuthEvent[] = [];
  const ids = new WeakMap<Socket, number>();
  let nextId = 1;
  const connectionOf = (socket: Socket) => {
    let id = ids.get(socket);
    if (id === undefined) {
      id = nextId++;
      ids.set(socket, id);
    }
    return id;
  };

  const authenticate = async (request: IncomingMessage): Promise<AuthResult> => {
    const socket = request.socket;
    const connection = connectionOf(socket);
    const header = request.headers.authorization;
    const match = header ? /^\s*(\S+)\s+(\S+)\s*$/.exec(header) : null;
    const scheme = match?.[1]?.toLowerCase();
    if (match && scheme === 'negotiate' && negotiate) {
      const outcome = await negotiate.accept(match[2]!);
      if (outcome.kind === 'accepted') {
        events.push({ scheme: 'Negotiate', outcome: 'accepted', connection, user: outcome.user });
        return {
          ok: true,
          user: outcome.user,
          ...(outcome.responseToken
            ? { responseHeaders: { 'WWW-Authenticate': `Negotiate ${outcome.responseToken}` } }
            : {}),
        };
      }
      events.push({ scheme: 'Negotiate', outcome: 'refused', connection, reason: outcome.reason });
      return { ok: false, challenge: offered };
    }
    if (match && scheme === 'ntlm' && ntlm) {
      const outcome = ntlm.handle(socket, match[2]!);
      if (outcome.kind === 'challenge') {
        events.push({ scheme: 'NTLM', outcome: 'challenged', connection });
        return { ok: false, challenge: [`NTLM ${outcome.token}`] };
      }
      if (outcome.kind === 'accepted') {
        events.push({ scheme: 'NTLM', outcome: 'accepted', connection, user: outcome.user });
        return { ok: true, user: outcome.user };
      }
      events.push({ scheme: 'NTLM', outcome: 'refused', connection, reason: outcome.reason });
      return { ok: false, challenge: offered };
    }
    const user = header === undefined ? ntlm?.authenticatedUser(socket) : null;
    if (user) {
      events.push({ scheme: 'connection', outcome: 'accepted', connection, user });
      return { ok: true, user };
    }
    events.push({
      scheme: 'none',
      outcome: 'refused',
      connection,
      reason: header ? `scheme not offered: ${header.split(/\s/)[0]}` : 'no credentials',
    });
    return { ok: false, challenge: offered };
  };
  return { authenticate, events, connections: () => nextId - 1 };
}
