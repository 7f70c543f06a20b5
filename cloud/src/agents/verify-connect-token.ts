import { eq, lt } from 'drizzle-orm';
import { decodeProtectedHeader, importJWK, errors as joseErrors, jwtVerify } from 'jose';
import type { Database } from '../db/open-database';
import { agents, usedTokenIds } from '../db/schema';

/** Connect tokens live at most five minutes (DESIGN: exp ≤ 5 min). */
export const MAX_TOKEN_LIFETIME_S = 300;
/** Tolerated clock difference between agent and cloud when checking iat/exp. */
const CLOCK_TOLERANCE_S = 30;

export interface AuthenticatedAgent {
  agentId: string;
  tenantId: string;
  hostname: string;
}

/** Why a connection was refused; `agentId`/`tenantId` are set when the key id named a known agent. */
export class ConnectRejected extends Error {
  constructor(
    readonly reason: string,
    readonly agentId: string | null = null,
    readonly tenantId: string | null = null,
  ) {
    super(reason);
    this.name = 'ConnectRejected';
  }
}

/**
 * Checks an agent's connect JWT: EdDSA only (the algorithm is pinned, so
 * `alg: none` and HMAC confusion fail), signed by the key enrolled for `kid`,
 * for our audience, unexpired, at most 5 minutes long, from an agent that is
 * not revoked, and never seen before (jti).
 */
export async function verifyConnectToken(
  db: Database,
  authorization: string | undefined,
  options: { audience: string; now: Date },
): Promise<AuthenticatedAgent> {
  const token = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new ConnectRejected('missing bearer token');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new ConnectRejected('token is not a JWT');
  }
  if (typeof header.kid !== 'string' || header.kid === '')
    throw new ConnectRejected('token has no key id (kid)');
  const [agent] = await db.select().from(agents).where(eq(agents.id, header.kid));
  if (!agent) throw new ConnectRejected('unknown agent key id');
  // From here the attempt names a real agent: refusals are audited on its tenant.
  const rejected = (reason: string) => new ConnectRejected(reason, agent.id, agent.tenantId);
  if (header.alg !== 'EdDSA') throw rejected(`algorithm ${String(header.alg)} is not accepted`);
  if (agent.revokedAt) throw rejected('agent is revoked');

  const key = await importJWK(agent.publicJwk, 'EdDSA');
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      audience: options.audience,
      subject: agent.id,
      currentDate: options.now,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'aud'],
    }));
  } catch (error) {
    throw rejected(describeJoseError(error));
  }
  const { exp, iat, jti } = payload as { exp: number; iat: number; jti: string };
  if (exp - iat > MAX_TOKEN_LIFETIME_S)
    throw rejected(`token lifetime ${exp - iat}s exceeds ${MAX_TOKEN_LIFETIME_S}s`);
  if (iat * 1000 > options.now.getTime() + CLOCK_TOLERANCE_S * 1000)
    throw rejected('token issued in the future');

  // A jti may be used once; the row outlives the token, then is swept.
  const inserted = await db
    .insert(usedTokenIds)
    .values({
      jti: `${agent.id}:${jti}`,
      agentId: agent.id,
      expiresAt: new Date((exp + CLOCK_TOLERANCE_S) * 1000),
    })
    .onConflictDoNothing()
    .returning({ jti: usedTokenIds.jti });
  if (inserted.length === 0) throw rejected('token was already used (replay)');
  return { agentId: agent.id, tenantId: agent.tenantId, hostname: agent.hostname };
}

/** Removes replay-protection rows of tokens that can no longer verify anyway. */
export async function sweepUsedTokenIds(db: Database, now: Date): Promise<void> {
  await db.delete(usedTokenIds).where(lt(usedTokenIds.expiresAt, now));
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${error.claim}" is invalid`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'token signature does not match the agent key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  return 'token is invalid';
}
