import type { IncomingMessage } from 'node:http';
import type { HttpAuthenticator } from '@gprelay/agent';
import { afterEach, describe, expect, it } from 'vitest';
import { PollRig } from '../../cursor/poll-rig';
import { freePort } from '../../net/free-port';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from '../gp-simulator';
import { failureOf, sbaSourceFor } from './sba-test-rig';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const SINCE = '2000-01-01T00:00:00.000Z';
const VENDORS = 'sba:Purchasing/Vendors';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: GpSimulatorOptions = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const sim = await startGpSimulator({ clock, seed: 3, vendors: 20, invoices: 50, ...options });
  cleanups.push(() => sim.close());
  return { sim, clock };
}
function source(sim: GpSimulator, options: Parameters<typeof sbaSourceFor>[1] = {}) {
  const created = sbaSourceFor(sim, options);
  cleanups.push(() => created.close());
  return created;
}
const listVendors = (src: ReturnType<typeof source>) =>
  src.listChanged({ docType: 'vendor', since: SINCE, pageSize: 5 });

describe('SBA errors, with the same meaning as on SOAP', () => {
  it('401 → AGENT_GP_AUTH_FAILED naming the offered and tried schemes, never a token', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'http-401', operation: VENDORS });
    const error = await failureOf(listVendors(source(sim)));
    expect(error).toMatchObject({ code: 'AGENT_GP_AUTH_FAILED', retryable: false });
    expect(error.message).toContain('offers Negotiate, NTLM');
    expect(error.message).toContain('tried no credentials');
  });

  it('answers a 401 challenge through the same HttpAuthenticator hook as SOAP', async () => {
    const seen: (string | undefined)[] = [];
    const { sim } = await simulator({
      authenticate: async (request: IncomingMessage) => {
        seen.push(request.headers.authorization);
        return request.headers.authorization === 'Negotiate c2Vjb25k'
          ? { ok: true, user: 'CORP\\svc', responseHeaders: { 'WWW-Authenticate': 'Negotiate bXV0dWFs' } }
          : { ok: false, challenge: ['Negotiate'] };
      },
    });
    const accepted: string[][] = [];
    const authenticator: HttpAuthenticator = {
      schemes: ['Negotiate'],
      authorize: async () => ({ authorization: 'Negotiate Zmlyc3Q=' }),
      respond: async (_request, challenges) =>
        challenges.includes('Negotiate') ? { authorization: 'Negotiate c2Vjb25k' } : null,
      accept: async (_request, challenges) => {
        accepted.push([...challenges]);
      },
    };
    const page = await listVendors(source(sim, { authenticator }));
    expect(page.documents.length).toBeGreaterThan(0);
    expect(seen).toEqual(['Negotiate Zmlyc3Q=', 'Negotiate c2Vjb25k']);
    expect(accepted).toEqual([['Negotiate bXV0dWFs']]);
  });

  it('404 for an unknown company → AGENT_GP_NOT_FOUND with GP’s reason, not retryable', async () => {
    const { sim } = await simulator();
    const error = await failureOf(listVendors(source(sim, { company: 'Contoso (UK), Ltd.' })));
    expect(error).toMatchObject({ code: 'AGENT_GP_NOT_FOUND', retryable: false });
    expect(error.message).toContain("Company 'Contoso (UK), Ltd.' does not exist");
    expect(error.message).toContain('Companies(Contoso%20%28UK%29%2C%20Ltd.)');
  });

  it('500 with GP’s JSON error → retryable AGENT_GP_FAULT with the correlation id; IIS’s HTML 500 → AGENT_GP_UNAVAILABLE', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'soap-fault', operation: VENDORS, message: 'A SQL deadlock occurred.' });
    const fault = await failureOf(listVendors(source(sim)));
    expect(fault).toMatchObject({ code: 'AGENT_GP_FAULT', retryable: true });
    expect(fault.message).toMatch(/HTTP 500: A SQL deadlock occurred\. \(GP correlation id [0-9a-f-]{36}\)/);
    sim.faults.push({ kind: 'http-500', operation: VENDORS });
    expect(await failureOf(listVendors(source(sim)))).toMatchObject({
      code: 'AGENT_GP_UNAVAILABLE',
      retryable: true,
    });
  });

  it('a stalled GP → AGENT_GP_TIMEOUT within timeoutMs, retryable', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'stall', operation: VENDORS });
    const error = await failureOf(listVendors(source(sim, { timeoutMs: 200 })));
    expect(error).toMatchObject({ code: 'AGENT_GP_TIMEOUT', retryable: true });
  });

  it('malformed JSON → AGENT_GP_PROTOCOL; nobody listening → AGENT_GP_UNREACHABLE', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'malformed', operation: VENDORS });
    const malformed = await failureOf(listVendors(source(sim)));
    expect(malformed).toMatchObject({ code: 'AGENT_GP_PROTOCOL', retryable: false });
    expect(malformed.message).toMatch(/not JSON \(application\/json; charset=utf-8\)/);
    const nobody = sbaSourceFor(sim, { baseUrl: `http://127.0.0.1:${await freePort()}/GPService` });
    cleanups.push(() => nobody.close());
    expect(await failureOf(listVendors(nobody))).toMatchObject({
      code: 'AGENT_GP_UNREACHABLE',
      retryable: true,
    });
  });

  it('tells a wrong query apart from a server that ignores it', async () => {
    const { sim } = await simulator();
    const wrongField = await failureOf(
      listVendors(source(sim, { query: { list: '$filter=LastModified ge {since}&$top={pageSize}' } })),
    );
    expect(wrongField).toMatchObject({ code: 'AGENT_GP_PROTOCOL' });
    expect(wrongField.message).toMatch(/bad request \(The filter .* is not supported.*\); check query.list/);
    // Every vendor of the simulator is older than this: a server that honoured the filter would list none.
    const ignored = await failureOf(
      source(sim, { query: { list: 'modifiedSince={since}' } }).listChanged({
        docType: 'vendor',
        since: '2024-05-01T00:00:00.000Z',
        pageSize: 5,
      }),
    );
    expect(ignored).toMatchObject({ code: 'AGENT_GP_PROTOCOL' });
    expect(ignored.message).toContain('the server ignored the modified-since filter');
    const noList = await failureOf(listVendors(source(sim, { envelope: { items: 'value' } })));
    expect(noList.message).toContain(
      "no list of objects in 'value' (it has: Payload, NextLink); set envelope.items",
    );
  });

  it('refuses a configuration it cannot work with, listing every problem', () => {
    let error: { code?: string; message?: string } = {};
    try {
      sbaSourceFor({ baseUrl: 'http://gp' } as GpSimulator, {
        baseUrl: 'ftp://u:p@gp/GPService',
        company: '',
        docTypes: ['invoices' as never],
        resources: { vendor: '/Purchasing/Vendors' },
        query: { list: '$top={pageSize}&x={untilWhen}' },
      });
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe('AGENT_CONFIG_INVALID');
    expect(error.message).toMatch(
      /baseUrl must be http or https.*credentials do not belong.*company must be.*'invoices' is not a document family.*resources.vendor.*query.list must contain \{since\}.*unknown placeholder \{untilWhen\}/s,
    );
  });

  it('after a 401 in the middle of paging, the next cycle delivers every change exactly once', async () => {
    const { sim, clock } = await simulator();
    const poll = new PollRig(source(sim), 'payables-invoice', clock, { pageSize: 20 });
    cleanups.push(() => poll.close());
    await poll.poll();
    clock.ms += 60_000;
    const entered = Array.from({ length: 45 }, () => {
      const voucher = sim.addInvoice().voucherNumber.trimEnd();
      clock.ms += 5;
      return voucher;
    });
    poll.afterPage = (_page, n) => {
      if (n === 1) sim.faults.push({ kind: 'http-401', operation: 'sba:Purchasing/Payables/Transactions' });
    };
    expect(await poll.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_AUTH_FAILED' });
    expect(poll.delivered).toHaveLength(20);
    poll.afterPage = null;
    clock.ms += 5_000;
    expect(await poll.poll()).toMatchObject({ kind: 'polled' });
    expect([...poll.deliveryCounts().values()].every((n) => n === 1)).toBe(true);
    expect(new Set(poll.delivered.map((d) => d.key))).toEqual(new Set(entered));
  });
});
