import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { AuditAction } from '../../audit/audit-actions';
import { appendAudit } from '../../audit/audit-log';
import type { Database, Tx } from '../../db/open-database';
import { slackInstallLinks, tenants } from '../../db/schema';
import { CloudError, CloudErrorCode } from '../../errors';
import { SlackAppPath } from '../paths';
import { isWellFormedSecret, randomSecret } from './oauth-state';

/** Default life of an install link: long enough for an email to be read the same day. */
export const DEFAULT_INSTALL_LINK_TTL_MS = 24 * 60 * 60_000;
export const MIN_INSTALL_LINK_TTL_MS = 5 * 60_000;
export const MAX_INSTALL_LINK_TTL_MS = 72 * 60 * 60_000;

/** Only this hash of a link's secret is stored: a database reader cannot open an install. */
export function hashInstallLink(secret: string): string {
  return createHash('sha256').update(`gprelay-slack-install-link:${secret}`).digest('hex');
}

/**
 * Issues a link a tenant admin opens to install the Slack app for `tenantId`.
 * It can be opened more than once (a cancelled consent, a link previewer that
 * fetched it first) until it expires or an install started from it completes.
 */
export async function createInstallLink(
  db: Database,
  input: { tenantId: string; ttlMs: number; actor: string; publicUrl: string; now: Date },
): Promise<{ url: string; expiresAt: Date }> {
  const ttlMs = Math.min(Math.max(input.ttlMs, MIN_INSTALL_LINK_TTL_MS), MAX_INSTALL_LINK_TTL_MS);
  const secret = randomSecret();
  const expiresAt = new Date(input.now.getTime() + ttlMs);
  await db.transaction(async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, input.tenantId));
    if (!tenant) throw new CloudError(CloudErrorCode.notFound, `tenant ${input.tenantId} does not exist`);
    await tx.insert(slackInstallLinks).values({
      linkHash: hashInstallLink(secret),
      tenantId: input.tenantId,
      createdBy: input.actor,
      expiresAt,
    });
    await appendAudit(
      tx,
      [
        {
          tenantId: input.tenantId,
          actor: input.actor,
          action: AuditAction.slackInstallLinkCreated,
          details: { expiresAt: expiresAt.toISOString() },
        },
      ],
      input.now,
    );
  });
  const url = new URL(SlackAppPath.install, input.publicUrl);
  url.searchParams.set('link', secret);
  return { url: url.toString(), expiresAt };
}

export type InstallLinkCheck =
  | { ok: true; tenantId: string; linkHash: string }
  | { ok: false; reason: 'link_unknown' | 'link_expired' | 'link_used'; tenantId: string | null };

/** Whether `secret` names a usable link, and for which tenant. */
export async function checkInstallLink(
  db: Database,
  secret: string | undefined,
  now: Date,
): Promise<InstallLinkCheck> {
  if (!isWellFormedSecret(secret)) return { ok: false, reason: 'link_unknown', tenantId: null };
  const linkHash = hashInstallLink(secret);
  const [link] = await db.select().from(slackInstallLinks).where(eq(slackInstallLinks.linkHash, linkHash));
  if (!link) return { ok: false, reason: 'link_unknown', tenantId: null };
  if (link.usedAt) return { ok: false, reason: 'link_used', tenantId: link.tenantId };
  if (link.expiresAt.getTime() <= now.getTime()) {
    return { ok: false, reason: 'link_expired', tenantId: link.tenantId };
  }
  return { ok: true, tenantId: link.tenantId, linkHash };
}

/** Spends the link an install was started from, in the transaction that stores the installation. */
export async function spendInstallLink(tx: Tx, linkHash: string, now: Date): Promise<void> {
  await tx
    .update(slackInstallLinks)
    .set({ usedAt: now })
    // Even if it expired meanwhile: the install was started while it was valid.
    .where(and(eq(slackInstallLinks.linkHash, linkHash), isNull(slackInstallLinks.usedAt)));
}
