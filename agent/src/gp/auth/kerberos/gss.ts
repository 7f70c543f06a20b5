/** The part of the `kerberos` package the agent uses: a client security context. */
export interface GssClientContext {
  step(challenge: string): Promise<string>;
  readonly contextComplete: boolean;
}

export interface GssApi {
  /** `service` in host-based form (HTTP@host). Options: MIT `principal`; SSPI `user`, `domain`, `password`. */
  initializeClient(service: string, options: Record<string, unknown>): Promise<GssClientContext>;
  /** Mechanism id of SPNEGO in the package's options. */
  readonly spnegoMechOid: number;
}

let loaded: Promise<GssApi> | null = null;

/**
 * Loads the native `kerberos` addon on first use, so an agent that never
 * speaks Kerberos (anonymous or NTLM) runs even where the addon is missing.
 */
export function loadGss(): Promise<GssApi> {
  loaded ??= import('kerberos').then((module) => {
    // A CommonJS module: Node puts its exports on `default`; named ones only when the lexer finds them.
    const kerberos = module.default ?? module;
    return {
      initializeClient: (service, options) =>
        kerberos.initializeClient(service, options as Parameters<typeof kerberos.initializeClient>[1]),
      spnegoMechOid: kerberos.GSS_MECH_OID_SPNEGO,
    };
  });
  return loaded;
}
