import kerberos from 'kerberos';

export type NegotiateOutcome =
  | { readonly kind: 'accepted'; readonly user: string; readonly responseToken: string | null }
  | { readonly kind: 'refused'; readonly reason: string };

export interface NegotiateAcceptorOptions {
  /**
   * Host-based service to accept for (`HTTP@localhost`), or '' (default) for
   * any key in the keytab, as IIS accepts every SPN registered to its account.
   * The keytab comes from KRB5_KTNAME of this process.
   */
  readonly service?: string;
  /** Send the mutual-authentication token (default true), as IIS does. */
  readonly sendMutualToken?: boolean;
  /** Flip bits in the mutual-authentication token: a server that cannot prove it holds the key. */
  readonly corruptMutualToken?: boolean;
}

/**
 * The acceptor side of Kerberos via SPNEGO with the `kerberos` package's
 * server API: validates the client's token with the service keytab and
 * yields the client principal and the server's mutual-authentication token.
 */
export class NegotiateAcceptor {
  constructor(private readonly options: NegotiateAcceptorOptions = {}) {}

  async accept(token: string): Promise<NegotiateOutcome> {
    try {
      const server = await kerberos.initializeServer(this.options.service ?? '');
      await server.step(token);
      if (!server.contextComplete) return { kind: 'refused', reason: 'SPNEGO needs more legs than one' };
      const response = server.response || null;
      return {
        kind: 'accepted',
        user: server.username,
        responseToken: this.options.sendMutualToken === false ? null : this.#maybeCorrupt(response),
      };
    } catch (error) {
      return { kind: 'refused', reason: (error as Error).message };
    }
  }

  #maybeCorrupt(token: string | null): string | null {
    if (token === null || !this.options.corruptMutualToken) return token;
    const bytes = Buffer.from(token, 'base64');
    // The encrypted part of the AP-REP sits at the end: break its checksum, keep the DER framing.
    for (let i = bytes.length - 12; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
    return bytes.toString('base64');
  }
}
