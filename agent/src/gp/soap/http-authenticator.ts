/** The request an authenticator signs; never carries the body. */
export interface HttpAuthRequest {
  readonly method: string;
  readonly url: URL;
}

/**
 * HTTP authentication to GP's web server (IIS: Negotiate/Kerberos, NTLM).
 * The client asks `authorize` for the headers of each request; on a 401 it
 * hands the server's WWW-Authenticate values to `respond` once and retries
 * with what it returns, which covers a Kerberos retry with a fresh ticket and
 * the NTLM type-2/type-3 leg. NTLM authenticates a connection, not a
 * request: pair an NTLM authenticator with a one-connection dispatcher.
 * Implementations must never log or throw tokens or passwords; when no
 * credentials can be produced (no ticket, vault locked) they throw an
 * AgentError with code AGENT_GP_AUTH_FAILED.
 */
export interface HttpAuthenticator {
  /** Schemes this authenticator speaks, for error messages (e.g. ['Negotiate']). */
  readonly schemes: readonly string[];
  /** Headers for the first attempt (usually `Authorization`); {} for none. */
  authorize(request: HttpAuthRequest): Promise<Record<string, string>>;
  /** Headers for one follow-up after a 401 with these challenges, or null to give up. */
  respond?(request: HttpAuthRequest, challenges: readonly string[]): Promise<Record<string, string> | null>;
  /** Sees the WWW-Authenticate values of a successful response (Kerberos mutual authentication). */
  accept?(request: HttpAuthRequest, challenges: readonly string[]): Promise<void>;
}

/** No authentication: for a simulator or a GP behind an authenticating proxy. */
export const noAuthentication: HttpAuthenticator = {
  schemes: [],
  authorize: async () => ({}),
};

/** The auth schemes a server offers ("Negotiate", "NTLM"), without any token that follows them. */
export function challengeSchemes(challenges: readonly string[]): string[] {
  return [
    ...new Set(
      challenges.map((challenge) => challenge.trim().split(/\s+/)[0] ?? '').filter((scheme) => scheme !== ''),
    ),
  ];
}
