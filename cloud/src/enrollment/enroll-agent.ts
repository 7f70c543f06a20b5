import { importJWK } from 'jose';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/open-database';
import { agents } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import { newId } from '../ids';
import { redeemEnrollmentCode } from './enrollment-codes';

export interface EnrollRequest {
  code: string;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  hostname: string;
  agentVersion: string;
}

export interface EnrollResult {
  agentId: string;
  tenantId: string;
  /** What the agent must put in `aud` of every connect token. */
  audience: string;
}

/**
 * Registers a new agent from a one-time code and its public key. Only the
 * public key is ever sent; the private key stays in the agent's vault.
 */
export async function enrollAgent(
  db: Database,
  request: EnrollRequest,
  context: { audience: string; now: Date; remoteAddress: string },
): Promise<EnrollResult> {
  try {
    await importJWK({ kty: 'OKP', crv: 'Ed25519', x: request.publicJwk.x }, 'EdDSA');
  } catch {
    throw new CloudError(CloudErrorCode.badRequest, 'publicJwk is not a valid Ed25519 public key');
  }
  if (Buffer.from(request.publicJwk.x, 'base64url').length !== 32) {
    throw new CloudError(CloudErrorCode.badRequest, 'publicJwk.x must be a 32-byte Ed25519 key');
  }
  const agentId = newId('agt');
  const tenantId = await db.transaction(async (tx) => {
    const tenantId = await redeemEnrollmentCode(tx, request.code, agentId, context.now);
    await tx.insert(agents).values({
      id: agentId,
      tenantId,
      hostname: request.hostname,
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: request.publicJwk.x },
      agentVersion: request.agentVersion,
    });
    await appendAudit(
      tx,
      [
        {
          tenantId,
          actor: `agent:${agentId}`,
          action: AuditAction.agentEnrolled,
          details: {
            hostname: request.hostname,
            agentVersion: request.agentVersion,
            from: context.remoteAddress,
          },
        },
      ],
      context.now,
    );
    return tenantId;
  });
  return { agentId, tenantId, audience: context.audience };
}
