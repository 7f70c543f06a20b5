import type { Delta, HelloFrame } from '@gprelay/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgentSocket } from '../testing/agent-client';
import { connectToken, newAgentKey, type TestAgentKey, unsignedToken } from '../testing/agent-keys';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DATABASE_KINDS } from '../testing/test-database';

const delta = (n: number, version = 'v1'): Delta => ({
  eventId: `${n}${version}`.padStart(64, '0').replace(/[^0-9a-f]/g, 'a'),
  company: 'Fabrikam, Inc.',
  docType: 'payables-invoice',
  key: `VCH${n}`,
  version,
  op: 'upsert',
  modifiedAt: '2026-11-25T09:59:00.000Z',
  state: 'unposted',
  record: {
    voucherNumber: `VCH${n}`,
    kind: 'invoice',
    documentNumber: `INV-${n}`,
    vendorId: 'ACME',
    vendorName: 'Acme & Sons',
    amount: { value: '100.00', currency: 'USD', decimalDigits: 2 },
    documentDate: '2026-11-25',
    dueDate: '2026-12-25',
    batchId: null,
    transactionState: 'work',
    hold: null,
    voided: false,
    companyName: 'Fabrikam, Inc.',
  },
});

describe.each(DATABASE_KINDS)('agent enrollment and socket on %s', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  let tenantId: string;
  let agentId: string;
  let key: TestAgentKey;
  const audience = 'http://cloud.test';
  const nowS = () => Math.floor(t.clock.now() / 1000);

  beforeAll(async () => {
    t = await createTestApp(kind);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    tenantId = (await t.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam' })).body.id;
    await t.api('POST', `/api/tenants/${tenantId}/rules`, {
      docTypes: ['payables-invoice'],
      channelId: 'C0AP0000001',
    });
    key = await newAgentKey();
  });
  afterAll(() => t?.close());

  const newCode = async () =>
    (await t.api<{ code: string }>('POST', `/api/tenants/${tenantId}/enrollment-codes`)).body.code;
  const enroll = (code: string, publicJwk: object = key.publicJwk) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/agents/enroll',
      payload: { code, publicJwk, hostname: 'gp-app-01', agentVersion: '0.1.0' },
    });
  const hello = (companies: string[] = []): HelloFrame => ({
    type: 'hello',
    protocolVersion: 1,
    agentVersion: '0.1.0',
    companies,
    capabilities: [],
  });
  /** A socket authenticated as the enrolled agent with a fresh token, before its hello. */
  const connected = async () =>
    TestAgentSocket.connect(
      baseUrl,
      `Bearer ${await connectToken(key.privateKey, { agentId, audience, nowS: nowS() })}`,
    );

  it('enrolls an agent once per code, and says why a code is refused', async () => {
    const code = await newCode();
    const first = await enroll(code.toLowerCase());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ tenantId, audience });
    agentId = first.json().agentId;

    const again = await enroll(code);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('CLOUD_ENROLL_CODE_USED');

    const unknown = await enroll('ZZZZ-ZZZZ-ZZZZ');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('CLOUD_ENROLL_CODE_INVALID');

    const late = await newCode();
    t.clock.advance(61 * 60_000);
    const expired = await enroll(late);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('CLOUD_ENROLL_CODE_EXPIRED');

    const badKey = await enroll(await newCode(), { kty: 'OKP', crv: 'Ed25519', x: 'tooShort' });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.message).toContain('publicJwk/x');
    const rsaKey = await enroll(await newCode(), { kty: 'RSA', crv: 'Ed25519', x: key.publicJwk.x });
    expect(rsaKey.statusCode).toBe(400);
  });

  it('lets exactly one of two agents racing with one code enroll', async () => {
    const code = await newCode();
    const results = await Promise.all([enroll(code), enroll(code)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
  });

  it('serves a good agent: hello → welcome, deltas → ack, a resend counts as duplicates', async () => {
    const socket = await connected();
    socket.send(hello(['Fabrikam, Inc.']));
    const welcome = await socket.next('welcome');
    expect(welcome).toMatchObject({
      agentId,
      tenantId,
      config: { docTypes: ['payables-invoice', 'purchase-order', 'gl-journal', 'vendor'] },
    });

    socket.send({ type: 'deltas', batchId: 'b1', items: [delta(1), delta(2)] });
    expect(await socket.next('ack')).toEqual({ type: 'ack', batchId: 'b1', accepted: 2, duplicates: 0 });
    socket.send({ type: 'deltas', batchId: 'b1', items: [delta(1), delta(2)] });
    expect(await socket.next('ack')).toEqual({ type: 'ack', batchId: 'b1', accepted: 0, duplicates: 2 });

    const deliveries = await t.api<Array<{ eventId: string; channelId: string; status: string }>>(
      'GET',
      `/api/tenants/${tenantId}/deliveries`,
    );
    expect(deliveries.body).toHaveLength(2);
    expect(deliveries.body.every((d) => d.channelId === 'C0AP0000001' && d.status === 'pending')).toBe(true);
    const audit = await t.api<Array<{ action: string; sourceRecordId: string | null; details: unknown }>>(
      'GET',
      `/api/tenants/${tenantId}/audit?eventId=${delta(1).eventId}`,
    );
    expect(audit.body.map((r) => r.action).sort()).toEqual(['event.duplicate', 'event.received']);
    expect(audit.body[0]?.sourceRecordId).toBe('Fabrikam, Inc./payables-invoice/VCH1');
    // The receipt row carries the routing decision: which rule sent it to which channel.
    expect(audit.body.find((r) => r.action === 'event.received')?.details).toMatchObject({
      routes: [{ channelId: 'C0AP0000001' }],
    });
    expect((await t.api('GET', `/api/tenants/${tenantId}/audit/verify`)).body).toMatchObject({ ok: true });
    socket.close();
  });

  const helloed = async () => {
    const socket = await connected();
    socket.send(hello());
    await socket.next('welcome');
    return socket;
  };
  const auditOf = async (d: Delta) =>
    (
      await t.api<Array<{ seq: number; action: string }>>(
        'GET',
        `/api/tenants/${tenantId}/audit?eventId=${d.eventId}`,
      )
    ).body;

  it('acks batches sent back to back in arrival order, and audits them in that order', async () => {
    const socket = await helloed();
    const batches = [[delta(21), delta(22)], [delta(22), delta(23)], [delta(24)], [delta(21), delta(25)]];
    for (const [i, items] of batches.entries()) socket.send({ type: 'deltas', batchId: `o${i}`, items });
    const acks = [];
    for (const _ of batches) acks.push(await socket.next('ack'));
    expect(acks).toEqual([
      { type: 'ack', batchId: 'o0', accepted: 2, duplicates: 0 },
      { type: 'ack', batchId: 'o1', accepted: 1, duplicates: 1 },
      { type: 'ack', batchId: 'o2', accepted: 1, duplicates: 0 },
      { type: 'ack', batchId: 'o3', accepted: 1, duplicates: 1 },
    ]);
    // delta 22 is received in the first batch and a duplicate in the second, in chain order.
    const rows = (await auditOf(delta(22))).sort((a, b) => a.seq - b.seq);
    expect(rows.map((r) => r.action)).toEqual(['event.received', 'event.duplicate']);
    expect((await t.api('GET', `/api/tenants/${tenantId}/audit/verify`)).body).toMatchObject({ ok: true });
    socket.close();
  });

  it('acks nothing after a batch that fails, and keeps nothing of the batches behind it', async () => {
    const socket = await helloed();
    // A valid RFC 3339 time that Postgres has no year for: storing this delta fails.
    const poison = { ...delta(32), modifiedAt: '0000-01-01T00:00:00.000Z' } as Delta;
    socket.send({ type: 'deltas', batchId: 'f1', items: [delta(31)] });
    socket.send({ type: 'deltas', batchId: 'f2', items: [poison] });
    socket.send({ type: 'deltas', batchId: 'f3', items: [delta(33)] });
    expect(await socket.closed()).toBe(1011);
    expect(socket.frames.filter((f) => f.type === 'ack').map((f) => f.batchId)).toEqual(['f1']);
    expect((await auditOf(delta(31))).map((r) => r.action)).toEqual(['event.received']);
    expect(await auditOf(delta(33))).toEqual([]);

    // The agent resends what was not acked; the one behind the failed batch is new.
    const again = await helloed();
    again.send({ type: 'deltas', batchId: 'f3', items: [delta(33)] });
    expect(await again.next('ack')).toMatchObject({ batchId: 'f3', accepted: 1, duplicates: 0 });
    expect((await t.api('GET', `/api/tenants/${tenantId}/audit/verify`)).body).toMatchObject({ ok: true });
    again.close();
  });

  it('stores a delta holding U+0000 (Postgres cannot) with U+FFFD in its place, instead of failing it forever', async () => {
    const socket = await helloed();
    const nul = { ...delta(34), record: { ...delta(34).record, vendorName: 'Acme\u0000 Sons' } } as Delta;
    socket.send({ type: 'deltas', batchId: 'n1', items: [nul] });
    expect(await socket.next('ack')).toMatchObject({ batchId: 'n1', accepted: 1 });
    const [received] = await auditOf(nul);
    expect(received).toMatchObject({ action: 'event.received' });
    expect((await t.api('GET', `/api/tenants/${tenantId}/audit/verify`)).body).toMatchObject({ ok: true });
    socket.close();
  });

  it('answers a bad frame with an error frame and keeps the connection', async () => {
    const socket = await connected();
    socket.send('{"type":"deltas","batchId":"b2","items":[]}');
    const error = await socket.next('error');
    expect(error).toMatchObject({ code: 'PROTOCOL_INVALID_FRAME', retryable: false });
    socket.send(hello());
    await socket.next('welcome');
    socket.close();
  });

  it('closes the connection on a flood of bad frames', async () => {
    const socket = await connected();
    for (let i = 0; i < 12; i += 1) socket.send('not json');
    expect(await socket.closed()).toBe(4400);
  });

  describe('refuses the upgrade with 401 and an audit row', async () => {
    const other = await newAgentKey();
    const cases: Array<[string, () => Promise<string | undefined>]> = [
      ['no token', async () => undefined],
      [
        'a token signed by another key',
        async () => `Bearer ${await connectToken(other.privateKey, { agentId, audience, nowS: nowS() })}`,
      ],
      [
        'alg none',
        async () =>
          `Bearer ${unsignedToken({ sub: agentId, aud: audience, iat: nowS(), exp: nowS() + 60, jti: 'x' }, agentId)}`,
      ],
      [
        'an expired token',
        async () => `Bearer ${await connectToken(key.privateKey, { agentId, audience, nowS: nowS() - 600 })}`,
      ],
      [
        'a wrong audience',
        async () =>
          `Bearer ${await connectToken(key.privateKey, { agentId, audience: 'http://evil.test', nowS: nowS() })}`,
      ],
      [
        'a token living longer than 5 minutes',
        async () =>
          `Bearer ${await connectToken(key.privateKey, { agentId, audience, nowS: nowS(), lifetimeS: 3600 })}`,
      ],
      [
        'an unknown agent',
        async () =>
          `Bearer ${await connectToken(key.privateKey, { agentId: 'agt_unknown', audience, nowS: nowS() })}`,
      ],
    ];
    it.each(cases)('%s', async (_name, authorization) => {
      const before = await t.api<unknown[]>(
        'GET',
        `/api/tenants/${tenantId}/audit?action=agent.auth_rejected`,
      );
      const error = await TestAgentSocket.connect(baseUrl, await authorization()).catch(
        (e: { status: number }) => e,
      );
      expect(error).toMatchObject({ status: 401 });
      if (_name !== 'no token' && _name !== 'an unknown agent') {
        const after = await t.api<unknown[]>(
          'GET',
          `/api/tenants/${tenantId}/audit?action=agent.auth_rejected`,
        );
        expect(after.body.length).toBe(before.body.length + 1);
      }
    });

    it('a replayed token, while the good agent keeps being served', async () => {
      const token = await connectToken(key.privateKey, { agentId, audience, nowS: nowS() });
      const good = await TestAgentSocket.connect(baseUrl, `Bearer ${token}`);
      await expect(TestAgentSocket.connect(baseUrl, `Bearer ${token}`)).rejects.toMatchObject({
        status: 401,
      });
      good.send(hello());
      await good.next('welcome');
      good.send({ type: 'deltas', batchId: 'b9', items: [delta(9)] });
      expect(await good.next('ack')).toMatchObject({ batchId: 'b9', accepted: 1 });
      good.close();
    });
  });
});
