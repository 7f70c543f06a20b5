import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DATABASE_KINDS } from '../testing/test-database';

describe.each(DATABASE_KINDS)('operator API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('refuses calls without the operator token, or with a wrong one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/tenants' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({
      error: { code: 'CLOUD_UNAUTHORIZED', message: 'operator token missing or wrong' },
    });
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/tenants',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('creates a tenant, connects Slack, adds a rule and an enrollment code', async () => {
    const tenant = await t.api<{ id: string; name: string }>('POST', '/api/tenants', {
      name: 'Fabrikam Finance',
    });
    expect(tenant.status).toBe(201);
    expect(tenant.body.id).toMatch(/^tnt_[0-9a-z]{20}$/);
    const id = tenant.body.id;

    const slack = await t.api('PUT', `/api/tenants/${id}/slack`, { botToken: 'xoxb-test-token' });
    expect(slack).toEqual({ status: 200, body: { teamId: 'T0001', teamName: 'Acme', botUserId: 'U0BOT' } });

    const rule = await t.api<{ id: string; name: string }>('POST', `/api/tenants/${id}/rules`, {
      docTypes: ['payables-invoice'],
      channelId: 'C0123456789',
      filters: { states: ['unposted', 'posted'] },
    });
    expect(rule.status).toBe(201);
    expect(rule.body.name).toBe('payables-invoice → C0123456789');
    const rules = await t.api<unknown[]>('GET', `/api/tenants/${id}/rules`);
    expect(rules.body).toHaveLength(1);

    const code = await t.api<{ code: string; expiresAt: string }>(
      'POST',
      `/api/tenants/${id}/enrollment-codes`,
      {
        ttlMinutes: 30,
      },
    );
    expect(code.status).toBe(201);
    expect(code.body.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(Date.parse(code.body.expiresAt) - t.clock.now()).toBe(30 * 60_000);

    const audit = await t.api<Array<{ action: string }>>('GET', `/api/tenants/${id}/audit`);
    expect(audit.body.map((r) => r.action)).toEqual([
      'config.enrollment_code_created',
      'config.rule_created',
      'config.slack_connected',
      'config.tenant_created',
    ]);
    const verify = await t.api<{ ok: boolean; rows: number }>('GET', `/api/tenants/${id}/audit/verify`);
    expect(verify.body).toMatchObject({ ok: true, rows: 4 });
  });

  it('does not store a bot token Slack rejects, and never echoes one', async () => {
    const tenant = await t.api<{ id: string }>('POST', '/api/tenants', { name: 'Other' });
    const result = await t.api<{ error: { code: string; message: string } }>(
      'PUT',
      `/api/tenants/${tenant.body.id}/slack`,
      { botToken: 'xoxb-revoked-token' },
    );
    expect(result.status).toBe(422);
    expect(result.body.error).toEqual({
      code: 'CLOUD_SLACK_TOKEN_REJECTED',
      message: 'Slack rejected the token: invalid_auth',
    });
    expect(JSON.stringify(result.body)).not.toContain('xoxb-revoked-token');
  });

  it('validates input with a clear message', async () => {
    const tenant = await t.api<{ id: string }>('POST', '/api/tenants', { name: 'V' });
    const badChannel = await t.api<{ error: { message: string } }>(
      'POST',
      `/api/tenants/${tenant.body.id}/rules`,
      {
        docTypes: ['payables-invoice'],
        channelId: '#general',
      },
    );
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.message).toContain('channelId');
    const missing = await t.api('POST', '/api/tenants/tnt_00000000000000000000/rules', {
      docTypes: ['payables-invoice'],
      channelId: 'C0123456789',
    });
    expect(missing.status).toBe(404);
    const tooLong = await t.api('POST', `/api/tenants/${tenant.body.id}/enrollment-codes`, {
      ttlMinutes: 61,
    });
    expect(tooLong.status).toBe(400);
  });

  it('publishes an OpenAPI document describing the operator routes', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys(docs.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/tenants',
        '/api/tenants/{tenantId}/slack',
        '/api/tenants/{tenantId}/rules',
        '/api/tenants/{tenantId}/enrollment-codes',
        '/v1/agents/enroll',
        '/healthz',
      ]),
    );
  });

  it('answers /healthz with the database kind', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', database: kind });
  });
});
