import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '@gprelay/shared';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { AuditAction } from '../../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../../audit/audit-log';
import type { CloudConfig } from '../../config/load-config';
import type { SecretBox } from '../../crypto/secret-box';
import type { Database } from '../../db/open-database';
import { oauthStates } from '../../db/schema';
import { saveOAuthInstallation } from '../../slack/installations';
import type { OAuthGrant, SlackApiFactory, SlackOAuthApi } from '../../slack/slack-api';
import { redirectUri } from '../paths';
import type { RejectionAudit } from '../rejection-audit';
import { slackErrorCode } from '../slack-error-code';
import { authorizeUrl } from './bot-scopes';
import { spendInstallLink } from './install-links';
import {
  browserBinding,
  isWellFormedSecret,
  OAUTH_STATE_TTL_MS,
  openState,
  randomSecret,
  sealState,
} from './oauth-state';

export interface InstallDeps {
  config: Pick<CloudConfig, 'publicUrl' | 'slackAuthorizeUrl' | 'slackClientId'>;
  db: Database;
  box: SecretBox;
  clock: Clock;
  slack: SlackApiFactory;
  /** Null when SLACK_CLIENT_ID / SLACK_CLIENT_SECRET are not set. */
  oauth: SlackOAuthApi | null;
  /** Audits refusals that name no tenant (anyone can send those), within a budget. */
  rejections: RejectionAudit;
}

/** How long finished or abandoned state rows are kept before being swept. */
const STATE_RETENTION_MS = 24 * 60 * 60_000;

/**
 * Starts an install for `tenantId` in the browser holding `browserSecret`
 * (reused when the browser already has one, so two installs started side by
 * side both finish): records a single-use state bound to a hash of that
 * secret and returns Slack's authorize URL. The caller sets the cookie.
 */
export async function beginInstall(
  deps: Pick<InstallDeps, 'config' | 'db' | 'box' | 'clock' | 'oauth'>,
  input: { tenantId: string; actor: string; installLinkHash: string | null; browserSecret?: string },
): Promise<{ authorizeUrl: string; browserSecret: string; expiresAt: Date }> {
  const clientId = deps.config.slackClientId;
  if (clientId === null || deps.oauth === null)
    throw new Error('beginInstall needs the Slack client credentials');
  const now = new Date(deps.clock.now());
  const browserSecret = isWellFormedSecret(input.browserSecret) ? input.browserSecret : randomSecret();
  const nonce = randomSecret();
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS);
  await deps.db.transaction(async (tx) => {
    await tx
      .delete(oauthStates)
      .where(lt(oauthStates.expiresAt, new Date(now.getTime() - STATE_RETENTION_MS)));
    await tx.insert(oauthStates).values({
      nonce,
      tenantId: input.tenantId,
      browserBinding: browserBinding(browserSecret),
      expiresAt,
      actor: input.actor,
      installLinkHash: input.installLinkHash,
    });
    await appendAudit(
      tx,
      [
        {
          tenantId: input.tenantId,
          actor: input.actor,
          action: AuditAction.slackInstallStarted,
          details: {
            expiresAt: expiresAt.toISOString(),
            via: input.installLinkHash ? 'install-link' : 'session',
          },
        },
      ],
      now,
    );
  });
  const state = sealState(deps.box, { nonce, tenantId: input.tenantId, expiresAtMs: expiresAt.getTime() });
  return {
    authorizeUrl: authorizeUrl({
      authorizeUrl: deps.config.slackAuthorizeUrl,
      clientId,
      redirectUri: redirectUri(deps.config.publicUrl),
      state,
    }),
    browserSecret,
    expiresAt,
  };
}

/** Why a callback's state was refused. Stable values: audit rows and result pages use them. */
export type StateRefusal =
  | 'state_missing'
  | 'state_invalid'
  | 'state_unknown'
  | 'state_expired'
  | 'state_used'
  | 'browser_mismatch';

export type InstallOutcome =
  | { kind: 'installed'; tenantId: string; teamId: string; teamName: string | null; teamUrl: string | null }
  | { kind: 'cancelled'; tenantId: string | null; error: string }
  | { kind: 'refused'; reason: StateRefusal; tenantId: string | null }
  /** Slack refused the code, or the token it gave does not work: `error` is Slack's code. */
  | { kind: 'failed'; tenantId: string; error: string };

/**
 * Finishes an install when Slack sends the browser back. The state must be
 * one we sealed, unexpired, unused, and started in this browser (the cookie's
 * hash matches); it is spent atomically, so of two racing callbacks one wins.
 * Then the code is exchanged, the new token checked with auth.test, and the
 * installation stored sealed. Every outcome is audited; secrets never are.
 */
export async function completeInstall(
  deps: InstallDeps,
  input: { code?: string; state?: string; error?: string; browserSecret?: string },
): Promise<InstallOutcome> {
  const now = new Date(deps.clock.now());
  const audit = (entries: AuditEntry[]) => deps.db.transaction((tx) => appendAudit(tx, entries, now));
  const refuse = async (reason: StateRefusal, tenantId: string | null): Promise<InstallOutcome> => {
    const entry: AuditEntry = {
      tenantId,
      actor: 'browser',
      action: AuditAction.slackInstallRefused,
      details: { reason, ...(input.error ? { slackError: input.error.slice(0, 100) } : {}) },
    };
    await (tenantId === null ? deps.rejections.record(entry) : audit([entry]));
    return { kind: 'refused', reason, tenantId };
  };

  if (!input.state) {
    // A cancel without state names no tenant; nothing to spend.
    if (input.error) return { kind: 'cancelled', tenantId: null, error: input.error.slice(0, 100) };
    return refuse('state_missing', null);
  }
  const payload = openState(deps.box, input.state);
  if (!payload) return refuse('state_invalid', null);
  // The payload is authentic from here on, so its tenant is trusted for the audit chain.
  if (payload.expiresAtMs <= now.getTime()) return refuse('state_expired', payload.tenantId);

  const binding = isWellFormedSecret(input.browserSecret) ? browserBinding(input.browserSecret) : null;
  const [row] = await deps.db.select().from(oauthStates).where(eq(oauthStates.nonce, payload.nonce));
  if (!row || row.tenantId !== payload.tenantId) return refuse('state_unknown', payload.tenantId);
  if (row.usedAt) return refuse('state_used', row.tenantId);
  if (row.expiresAt.getTime() <= now.getTime()) return refuse('state_expired', row.tenantId);
  if (binding === null || !sameHex(binding, row.browserBinding))
    return refuse('browser_mismatch', row.tenantId);
  const [spent] = await deps.db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(
      and(
        eq(oauthStates.nonce, row.nonce),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, now),
        eq(oauthStates.browserBinding, binding),
      ),
    )
    .returning({ nonce: oauthStates.nonce });
  if (!spent) return refuse('state_used', row.tenantId);
  const tenantId = row.tenantId;
  const actor = row.actor;

  if (input.error) {
    const error = input.error.slice(0, 100);
    await audit([{ tenantId, actor, action: AuditAction.slackInstallCancelled, details: { error } }]);
    return { kind: 'cancelled', tenantId, error };
  }
  const fail = async (error: string, step: string): Promise<InstallOutcome> => {
    await audit([{ tenantId, actor, action: AuditAction.slackInstallFailed, details: { step, error } }]);
    return { kind: 'failed', tenantId, error };
  };
  if (!input.code) return fail('missing_code', 'callback');
  if (!deps.oauth) return fail('not_configured', 'exchange');

  // Slack's refusals become a page saying so; anything else is our bug: audited, then
  // rethrown for the route's error handler (logged, generic page with a reference).
  const failOrThrow = async (error: unknown, step: string): Promise<InstallOutcome> => {
    const code = slackErrorCode(error);
    const outcome = await fail(code, step);
    if (code === 'unexpected_error') throw error;
    return outcome;
  };
  let grant: OAuthGrant;
  try {
    grant = await deps.oauth.exchangeCode({
      code: input.code,
      redirectUri: redirectUri(deps.config.publicUrl),
    });
  } catch (error) {
    return failOrThrow(error, 'oauth.v2.access');
  }
  let identity: Awaited<ReturnType<ReturnType<SlackApiFactory>['authTest']>>;
  try {
    identity = await deps.slack(grant.accessToken).authTest();
  } catch (error) {
    return failOrThrow(error, 'auth.test');
  }
  if (!grant.isEnterpriseInstall && grant.team && identity.teamId !== grant.team.id) {
    return fail('team_mismatch', 'auth.test');
  }

  const saved = await deps.db.transaction(async (tx) => {
    const result = await saveOAuthInstallation(tx, deps.box, {
      tenantId,
      grant,
      identity: { teamName: identity.teamName, url: identity.url, botId: identity.botId },
      now,
    });
    if (row.installLinkHash) await spendInstallLink(tx, row.installLinkHash, now);
    await appendAudit(
      tx,
      [
        {
          tenantId,
          actor,
          action: AuditAction.slackInstalled,
          details: {
            teamId: result.teamId,
            teamName: result.teamName,
            enterpriseId: grant.enterprise?.id ?? null,
            isEnterpriseInstall: grant.isEnterpriseInstall,
            appId: grant.appId,
            botUserId: grant.botUserId,
            botId: identity.botId,
            scopes: grant.scope,
            tokenRotation: grant.refreshToken !== null,
            ...(result.previousTeamId && result.previousTeamId !== result.teamId
              ? { previousTeamId: result.previousTeamId }
              : {}),
          },
        },
      ],
      now,
    );
    return result;
  });
  return {
    kind: 'installed',
    tenantId,
    teamId: saved.teamId,
    teamName: saved.teamName,
    teamUrl: identity.url,
  };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
