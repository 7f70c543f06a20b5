import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../crypto/secret-box';
import type { OpenDatabase } from '../../db/open-database';
import { auditLog, slackInstallations, tenants } from '../../db/schema';
import { saveOAuthInstallation } from '../../slack/installations';
import { lostReplyError } from '../../testing/fake-slack';
import { ManualClock } from '../../testing/test-app';
import { DATABASE_KINDS, openTestDatabase } from '../../testing/test-database';
import { FakeSlackOAuth } from '../testing/fake-slack-oauth';
import { BotTokens, type RefreshEvent } from './bot-tokens';

const HOUR_MS = 60 * 60_000;

describe.each(DATABASE_KINDS)('bot tokens under token rotation on %s', (kind) => {
  let database: OpenDatabase;
  const box = new SecretBox(Buffer.alloc(32, 9), 'slack-bot-token');
  let clock: ManualClock;
  let oauth: FakeSlackOAuth;
  let tenantSeq = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.close());
  beforeEach(() => {
    clock = new ManualClock();
    oauth = new FakeSlackOAuth();
  });

  /** A tenant installed with a rotating token that expires in 12 h. */
  async function installRotating(): Promise<{ tenantId: string; token: string }> {
    tenantSeq += 1;
    const tenantId = `tnt_${String(tenantSeq).padStart(20, '0')}`;
    const now = new Date(clock.now());
    await database.db.insert(tenants).values({ id: tenantId, name: `T${tenantSeq}` });
    const token = `xoxe.xoxb-initial-${tenantSeq}`;
    await database.db.transaction((tx) =>
      saveOAuthInstallation(tx, box, {
        tenantId,
        grant: {
          accessToken: token,
          tokenType: 'bot',
          scope: 'chat:write',
          botUserId: 'U0BOT',
          appId: 'A0APP',
          team: { id: 'T0001', name: 'Acme' },
          enterprise: null,
          isEnterpriseInstall: false,
          expiresInSec: 43_200,
          refreshToken: oauth.issueRefreshToken(),
        },
        identity: { teamName: 'Acme', url: 'https://acme.slack.com/', botId: 'B0BOT' },
        now,
      }),
    );
    return { tenantId, token };
  }

  const tokens = (options: Partial<ConstructorParameters<typeof BotTokens>[0]> = {}) =>
    new BotTokens({ db: database.db, box, clock, oauth, waitPollMs: 5, ...options });

  const auditActions = async (tenantId: string) =>
    (await database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId))).map((r) => r.action);

  const installation = async (tenantId: string) =>
    (
      await database.db.select().from(slackInstallations).where(eq(slackInstallations.tenantId, tenantId))
    )[0]!;

  it('hands out the stored token without refreshing while it has more than 2 h left', async () => {
    const { tenantId, token } = await installRotating();
    clock.advance(9 * HOUR_MS);
    const got = await tokens().getBotToken(tenantId);
    expect(got).toMatchObject({ tenantId, teamId: 'T0001', token, botUserId: 'U0BOT' });
    expect(oauth.refreshCalls()).toBe(0);
  });

  it('refreshes within 2 h of expiry, stores the new pair sealed and audits it', async () => {
    const { tenantId, token } = await installRotating();
    clock.advance(10 * HOUR_MS + 1);
    const got = await tokens().getBotToken(tenantId);
    expect(got?.token).toMatch(/^xoxe\.xoxb-access-/);
    expect(got?.token).not.toBe(token);
    expect(got?.expiresAt?.getTime()).toBe(clock.now() + 43_200_000);
    const row = await installation(tenantId);
    expect(row.refreshLeaseUntil).toBeNull();
    expect(JSON.stringify(row)).not.toContain('xoxe');
    expect(box.open(row.botTokenSealed, tenantId)).toBe(got?.token);
    expect(await auditActions(tenantId)).toContain('slack.token_refreshed');
    // The next call uses the new token: no second refresh.
    expect((await tokens().getBotToken(tenantId))?.token).toBe(got?.token);
    expect(oauth.refreshCalls()).toBe(1);
  });

  it('lets exactly one of two instances spend the refresh token; the other waits and gets the new token', async () => {
    const { tenantId } = await installRotating();
    clock.advance(12 * HOUR_MS + 1); // expired: nobody may use the old token any more
    const a = tokens({ actor: 'instance-a' });
    const b = tokens({ actor: 'instance-b' });
    const seen: RefreshEvent['kind'][] = [];
    const bLost = new Promise<void>((resolve) =>
      b.onRefresh((e) => {
        seen.push(e.kind);
        if (e.kind === 'lease-lost') resolve();
      }),
    );
    oauth.hold();
    const first = a.getBotToken(tenantId);
    // A holds the lease (its refresh call is parked); only then does B try.
    await new Promise<void>((resolve) => a.onRefresh((e) => e.kind === 'lease-won' && resolve()));
    const second = b.getBotToken(tenantId);
    await bLost;
    oauth.release();
    const [ta, tb] = await Promise.all([first, second]);
    expect(oauth.refreshCalls()).toBe(1);
    expect(ta?.token).toMatch(/^xoxe\.xoxb-access-/);
    expect(tb?.token).toBe(ta?.token);
    expect(seen).toEqual(['lease-lost']);
    expect((await auditActions(tenantId)).filter((a) => a === 'slack.token_refreshed')).toHaveLength(1);
  });

  it('shares one refresh among concurrent callers of one instance', async () => {
    const { tenantId } = await installRotating();
    clock.advance(12 * HOUR_MS);
    const t = tokens();
    const got = await Promise.all([
      t.getBotToken(tenantId),
      t.getBotToken(tenantId),
      t.getBotToken(tenantId),
    ]);
    expect(new Set(got.map((g) => g?.token)).size).toBe(1);
    expect(oauth.refreshCalls()).toBe(1);
  });

  it('keeps using a still-valid token while another instance holds the lease, without waiting', async () => {
    const { tenantId, token } = await installRotating();
    clock.advance(11 * HOUR_MS); // 1 h left: refresh wanted, but the token still works
    await database.db
      .update(slackInstallations)
      .set({ refreshLeaseUntil: new Date(clock.now() + 30_000) })
      .where(eq(slackInstallations.tenantId, tenantId));
    expect((await tokens().getBotToken(tenantId))?.token).toBe(token);
    expect(oauth.refreshCalls()).toBe(0);
  });

  it('takes over the lease of a refresher that died once the lease has run out', async () => {
    const { tenantId } = await installRotating();
    clock.advance(12 * HOUR_MS);
    await database.db
      .update(slackInstallations)
      .set({ refreshLeaseUntil: new Date(clock.now() - 1) })
      .where(eq(slackInstallations.tenantId, tenantId));
    expect((await tokens().getBotToken(tenantId))?.token).toMatch(/^xoxe\.xoxb-access-/);
    expect(oauth.refreshCalls()).toBe(1);
  });

  it('refreshes on token_expired only if the rejected token is still the stored one', async () => {
    const { tenantId, token } = await installRotating();
    const t = tokens();
    const fresh = await t.getBotToken(tenantId, { expiredToken: token });
    expect(fresh?.token).not.toBe(token);
    // Someone reports the OLD token as expired again: the newer one is handed out, no refresh.
    expect((await t.getBotToken(tenantId, { expiredToken: token }))?.token).toBe(fresh?.token);
    expect(oauth.refreshCalls()).toBe(1);
  });

  it('marks the installation dead when Slack refuses the refresh token, which pauses the tenant', async () => {
    const { tenantId } = await installRotating();
    await database.db
      .update(slackInstallations)
      .set({ refreshTokenSealed: box.seal('xoxe-1-already-spent', `${tenantId}:refresh-token`) })
      .where(eq(slackInstallations.tenantId, tenantId));
    clock.advance(12 * HOUR_MS);
    expect(await tokens().getBotToken(tenantId)).toBeNull();
    const row = await installation(tenantId);
    expect(row.status).toBe('dead');
    expect(row.deadReason).toBe('token refresh refused: invalid_refresh_token');
    expect(await auditActions(tenantId)).toEqual(
      expect.arrayContaining(['slack.token_refresh_failed', 'slack.installation_dead']),
    );
    expect(await tokens().getBotToken(tenantId)).toBeNull();
  });

  it('says "retry later" when Slack cannot be reached and the token has expired, then succeeds later', async () => {
    const { tenantId } = await installRotating();
    clock.advance(12 * HOUR_MS);
    oauth.failNext(Object.assign(lostReplyError(), { original: { code: 'ECONNREFUSED' } }));
    await expect(tokens().getBotToken(tenantId)).rejects.toMatchObject({ code: 'CLOUD_SLACK_UNAVAILABLE' });
    const row = await installation(tenantId);
    expect([row.status, row.refreshLeaseUntil]).toEqual(['active', null]);
    expect((await tokens().getBotToken(tenantId))?.token).toMatch(/^xoxe\.xoxb-access-/);
  });

  it('gives a still-valid token when an early refresh fails for a transient reason', async () => {
    const { tenantId, token } = await installRotating();
    clock.advance(11 * HOUR_MS);
    oauth.failNext(Object.assign(lostReplyError(), { original: { code: 'ECONNREFUSED' } }));
    expect((await tokens().getBotToken(tenantId))?.token).toBe(token);
  });

  it('gives up waiting for another instance after maxWaitMs with a retryable error', async () => {
    const { tenantId } = await installRotating();
    clock.advance(12 * HOUR_MS);
    await database.db
      .update(slackInstallations)
      .set({ refreshLeaseUntil: new Date(clock.now() + 30_000) })
      .where(and(eq(slackInstallations.tenantId, tenantId)));
    await expect(tokens({ maxWaitMs: 20 }).getBotToken(tenantId)).rejects.toMatchObject({
      code: 'CLOUD_SLACK_UNAVAILABLE',
    });
    expect(oauth.refreshCalls()).toBe(0);
  });

  it('returns null for a tenant without an installation', async () => {
    expect(await tokens().getBotToken('tnt_99999999999999999999')).toBeNull();
  });
});
