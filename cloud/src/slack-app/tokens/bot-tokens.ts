import type { Clock } from '@gprelay/shared';
import { and, eq, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { AuditAction } from '../../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../../audit/audit-log';
import type { SecretBox } from '../../crypto/secret-box';
import type { Database } from '../../db/open-database';
import { slackInstallations } from '../../db/schema';
import { CloudError, CloudErrorCode } from '../../errors';
import { markInstallationDead, refreshTokenAad } from '../../slack/installations';
import type { OAuthGrant, SlackOAuthApi } from '../../slack/slack-api';
import { slackErrorCode } from '../slack-error-code';

/** A bot token that works now, with what a caller needs beside it. */
export interface BotToken {
  tenantId: string;
  teamId: string;
  token: string;
  botUserId: string | null;
  /** When a rotating token expires; null for a token that does not. */
  expiresAt: Date | null;
}

export interface BotTokensOptions {
  db: Database;
  box: SecretBox;
  clock: Clock;
  /** Null when the client credentials are not configured: rotating tokens then cannot be refreshed. */
  oauth: SlackOAuthApi | null;
  /** Refresh when this little of the token's life is left. Default 2 h (as @slack/oauth; tokens live 12 h). */
  refreshBeforeMs?: number;
  /** How long a refresher holds the lease; must exceed the oauth.v2.access timeout (10 s). Default 30 s. */
  leaseMs?: number;
  /** How often a waiting instance looks whether the refresher finished. Default 100 ms. */
  waitPollMs?: number;
  /** How long an instance waits for another's refresh before giving up for now. Default 15 s. */
  maxWaitMs?: number;
  /** Audit actor for refreshes, e.g. the instance id. Default `cloud`. */
  actor?: string;
}

/** What happens during a refresh, for logs and tests. */
export type RefreshEvent =
  | { kind: 'lease-won'; tenantId: string }
  | { kind: 'lease-lost'; tenantId: string }
  | { kind: 'refreshed'; tenantId: string; expiresAt: Date | null }
  | { kind: 'refresh-failed'; tenantId: string; error: string; installationDead: boolean };

/** Slack answers these when a refresh can never work again: the installation needs a reinstall. */
const REFRESH_REFUSED = new Set([
  'invalid_refresh_token',
  'invalid_grant_type',
  'invalid_client_id',
  'bad_client_secret',
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'team_not_found',
  'no_bot_token',
]);

type InstallationRow = typeof slackInstallations.$inferSelect;

/**
 * Bot tokens for the dispatcher, refreshed when Slack's token rotation is on.
 * A refresh token is single-use, so exactly one refresher may spend it: the
 * instance that wins an atomic `UPDATE … WHERE the lease is free` does, the
 * others use the still-valid token or, if it has already expired, wait for the
 * new one to appear in the database. Within one process, concurrent callers
 * for a tenant share one refresh.
 */
export class BotTokens {
  readonly #o: Required<Omit<BotTokensOptions, 'oauth'>> & { oauth: SlackOAuthApi | null };
  readonly #flights = new Map<string, Promise<BotToken | null>>();
  readonly #listeners = new Set<(event: RefreshEvent) => void>();

  constructor(options: BotTokensOptions) {
    this.#o = {
      refreshBeforeMs: 2 * 60 * 60_000,
      leaseMs: 30_000,
      waitPollMs: 100,
      maxWaitMs: 15_000,
      actor: 'cloud',
      ...options,
    };
  }

  /**
   * A working bot token for `tenantId`, or null when the tenant has no active
   * installation (none, uninstalled, revoked, or its refresh was refused).
   * Refreshes first when a rotating token is within `refreshBeforeMs` of
   * expiry, or when `expiredToken` is the stored one (Slack said
   * `token_expired`). Throws CloudError `CLOUD_SLACK_UNAVAILABLE` when the
   * token has expired and cannot be refreshed right now (Slack unreachable, or
   * another instance's refresh did not finish): retry later.
   */
  async getBotToken(tenantId: string, options: { expiredToken?: string } = {}): Promise<BotToken | null> {
    const row = await this.#load(tenantId);
    if (!row) return null;
    const token = this.#o.box.open(row.botTokenSealed, tenantId);
    if (!this.#wantsRefresh(row, token, options.expiredToken)) return toBotToken(row, token);
    let flight = this.#flights.get(tenantId);
    if (!flight) {
      flight = this.#refresh(row, options.expiredToken).finally(() => this.#flights.delete(tenantId));
      this.#flights.set(tenantId, flight);
    }
    return flight;
  }

  /** Subscribe to refresh events; returns the unsubscribe function. */
  onRefresh(listener: (event: RefreshEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: RefreshEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  async #load(tenantId: string): Promise<InstallationRow | null> {
    const [row] = await this.#o.db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.tenantId, tenantId));
    return row && row.status === 'active' && row.botTokenSealed !== '' ? row : null;
  }

  #wantsRefresh(row: InstallationRow, token: string, expiredToken: string | undefined): boolean {
    if (row.refreshTokenSealed === null) return false;
    if (expiredToken !== undefined && expiredToken === token) return true;
    if (row.tokenExpiresAt === null) return false;
    return row.tokenExpiresAt.getTime() - this.#o.clock.now() <= this.#o.refreshBeforeMs;
  }

  /** Whether the stored token can still be used while someone else refreshes it. */
  #stillUsable(row: InstallationRow, expiredToken: string | undefined): boolean {
    if (expiredToken !== undefined && expiredToken === this.#o.box.open(row.botTokenSealed, row.tenantId)) {
      return false;
    }
    return row.tokenExpiresAt === null || row.tokenExpiresAt.getTime() > this.#o.clock.now();
  }

  async #refresh(seen: InstallationRow, expiredToken: string | undefined): Promise<BotToken | null> {
    const { tenantId } = seen;
    const polls = Math.max(1, Math.ceil(this.#o.maxWaitMs / this.#o.waitPollMs));
    let announcedLoss = false;
    for (let poll = 0; ; poll += 1) {
      const now = new Date(this.#o.clock.now());
      const leaseUntil = new Date(now.getTime() + this.#o.leaseMs);
      // The generation check (the sealed token we saw) keeps an instance that
      // read before another's refresh from refreshing a second time.
      const [won] = await this.#o.db
        .update(slackInstallations)
        .set({ refreshLeaseUntil: leaseUntil })
        .where(
          and(
            eq(slackInstallations.tenantId, tenantId),
            eq(slackInstallations.status, 'active'),
            eq(slackInstallations.botTokenSealed, seen.botTokenSealed),
            isNotNull(slackInstallations.refreshTokenSealed),
            or(isNull(slackInstallations.refreshLeaseUntil), lte(slackInstallations.refreshLeaseUntil, now)),
          ),
        )
        .returning();
      if (won) {
        this.#emit({ kind: 'lease-won', tenantId });
        return this.#refreshWithLease(won, expiredToken);
      }
      const current = await this.#load(tenantId);
      if (!current) return null;
      if (current.botTokenSealed !== seen.botTokenSealed) {
        return toBotToken(current, this.#o.box.open(current.botTokenSealed, tenantId));
      }
      if (!announcedLoss) {
        announcedLoss = true;
        this.#emit({ kind: 'lease-lost', tenantId });
      }
      // Another instance is refreshing: a token that still works is as good as the new one.
      if (this.#stillUsable(current, expiredToken)) {
        return toBotToken(current, this.#o.box.open(current.botTokenSealed, tenantId));
      }
      if (poll + 1 >= polls) {
        throw new CloudError(
          CloudErrorCode.slackUnavailable,
          'the Slack token expired and another instance has not finished refreshing it; retry shortly',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.#o.waitPollMs));
    }
  }

  async #refreshWithLease(row: InstallationRow, expiredToken: string | undefined): Promise<BotToken | null> {
    const { tenantId } = row;
    const { db, box, oauth } = this.#o;
    const refreshSealed = row.refreshTokenSealed as string;
    if (!oauth) return this.#refreshFailed(row, 'not_configured', expiredToken);
    let grant: OAuthGrant;
    try {
      grant = await oauth.refresh(box.open(refreshSealed, refreshTokenAad(tenantId)));
    } catch (error) {
      // A timeout may have spent the refresh token at Slack without us learning
      // the new one; the next attempt then gets invalid_refresh_token (dead).
      return this.#refreshFailed(row, slackErrorCode(error), expiredToken);
    }
    const now = new Date(this.#o.clock.now());
    const expiresAt =
      grant.expiresInSec === null ? null : new Date(now.getTime() + grant.expiresInSec * 1000);
    const stored = await db.transaction(async (tx) => {
      // Fenced on the refresh token we spent: a reinstall meanwhile wins over this refresh.
      const [updated] = await tx
        .update(slackInstallations)
        .set({
          botTokenSealed: box.seal(grant.accessToken, tenantId),
          refreshTokenSealed: grant.refreshToken
            ? box.seal(grant.refreshToken, refreshTokenAad(tenantId))
            : null,
          tokenExpiresAt: expiresAt,
          refreshLeaseUntil: null,
          ...(grant.scope ? { scopes: grant.scope } : {}),
          updatedAt: now,
        })
        .where(
          and(
            eq(slackInstallations.tenantId, tenantId),
            eq(slackInstallations.refreshTokenSealed, refreshSealed),
          ),
        )
        .returning();
      if (updated) {
        await appendAudit(
          tx,
          [
            {
              tenantId,
              actor: this.#o.actor,
              action: AuditAction.slackTokenRefreshed,
              details: { expiresAt: expiresAt?.toISOString() ?? null },
            },
          ],
          now,
        );
      }
      return updated ?? null;
    });
    this.#emit({ kind: 'refreshed', tenantId, expiresAt });
    if (!stored) return this.getBotToken(tenantId);
    return toBotToken(stored, grant.accessToken);
  }

  /** `code`: Slack's error, or `not_configured` when we have no client credentials to refresh with. */
  async #refreshFailed(
    row: InstallationRow,
    code: string,
    expiredToken: string | undefined,
  ): Promise<BotToken | null> {
    const { tenantId } = row;
    const dead = REFRESH_REFUSED.has(code) || code === 'not_configured';
    const now = new Date(this.#o.clock.now());
    const audit: AuditEntry = {
      tenantId,
      actor: this.#o.actor,
      action: AuditAction.slackTokenRefreshFailed,
      details: { error: code, installationDead: dead },
    };
    await this.#o.db.transaction(async (tx) => {
      // Fenced on our lease, in case it ran out and another instance holds a new one.
      await tx
        .update(slackInstallations)
        .set({ refreshLeaseUntil: null })
        .where(
          and(
            eq(slackInstallations.tenantId, tenantId),
            eq(slackInstallations.refreshLeaseUntil, row.refreshLeaseUntil as Date),
          ),
        );
      const entries = [audit];
      if (dead) {
        await markInstallationDead(tx, tenantId, `token refresh refused: ${code}`, now);
        entries.push({
          tenantId,
          actor: this.#o.actor,
          action: AuditAction.installationDead,
          details: { reason: `token refresh refused: ${code}` },
        });
      }
      await appendAudit(tx, entries, now);
    });
    this.#emit({ kind: 'refresh-failed', tenantId, error: code, installationDead: dead });
    if (dead) return null;
    if (this.#stillUsable(row, expiredToken))
      return toBotToken(row, this.#o.box.open(row.botTokenSealed, tenantId));
    throw new CloudError(
      CloudErrorCode.slackUnavailable,
      `the Slack token expired and refreshing it failed (${code}); retry shortly`,
    );
  }
}

function toBotToken(row: InstallationRow, token: string): BotToken {
  return {
    tenantId: row.tenantId,
    teamId: row.teamId,
    token,
    botUserId: row.botUserId,
    expiresAt: row.tokenExpiresAt,
  };
}
