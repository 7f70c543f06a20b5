import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import type { Database, Tx } from '../db/open-database';
import { enrollmentCodes, tenants } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';

/** Codes live one hour at most (DESIGN: one-time, tenant-bound, ≤ 1 h). */
export const MAX_ENROLLMENT_CODE_TTL_MS = 60 * 60 * 1000;
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 12;

/** `7KQ2-MX9P-4TRD` style: 60 bits, no look-alike characters, easy to read out over the phone. */
function generateCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return raw.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a person types the code. */
export function hashEnrollmentCode(code: string): string {
  const normalized = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`gprelay-enroll:${normalized}`).digest('hex');
}

export async function createEnrollmentCode(
  db: Database,
  input: { tenantId: string; ttlMs: number; actor: string; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const ttlMs = Math.min(Math.max(input.ttlMs, 60_000), MAX_ENROLLMENT_CODE_TTL_MS);
  const code = generateCode();
  const expiresAt = new Date(input.now.getTime() + ttlMs);
  await db.transaction(async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, input.tenantId));
    if (!tenant) throw new CloudError(CloudErrorCode.notFound, `tenant ${input.tenantId} does not exist`);
    await tx
      .insert(enrollmentCodes)
      .values({ codeHash: hashEnrollmentCode(code), tenantId: input.tenantId, expiresAt });
    await appendAudit(
      tx,
      [
        {
          tenantId: input.tenantId,
          actor: input.actor,
          action: AuditAction.enrollmentCodeCreated,
          details: { expiresAt: expiresAt.toISOString() },
        },
      ],
      input.now,
    );
  });
  return { code, expiresAt };
}

/**
 * Marks the code used by `agentId` and returns its tenant, atomically: of two
 * agents racing with one code, exactly one wins. Throws with the precise
 * reason (unknown, expired, already used) otherwise.
 */
export async function redeemEnrollmentCode(
  tx: Tx,
  code: string,
  agentId: string,
  now: Date,
): Promise<string> {
  const codeHash = hashEnrollmentCode(code);
  const [won] = await tx
    .update(enrollmentCodes)
    .set({ usedAt: now, usedByAgentId: agentId })
    .where(
      and(
        eq(enrollmentCodes.codeHash, codeHash),
        isNull(enrollmentCodes.usedAt),
        gt(enrollmentCodes.expiresAt, now),
      ),
    )
    .returning({ tenantId: enrollmentCodes.tenantId });
  if (won) return won.tenantId;
  const [existing] = await tx.select().from(enrollmentCodes).where(eq(enrollmentCodes.codeHash, codeHash));
  if (!existing) throw new CloudError(CloudErrorCode.enrollCodeInvalid, 'enrollment code is not valid');
  if (existing.usedAt) {
    throw new CloudError(CloudErrorCode.enrollCodeUsed, 'enrollment code was already used; create a new one');
  }
  throw new CloudError(CloudErrorCode.enrollCodeExpired, 'enrollment code has expired; create a new one');
}
