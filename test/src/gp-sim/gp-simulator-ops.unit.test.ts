import { afterEach, describe, expect, it } from 'vitest';
import { GP_NS } from '../wsdl/wsdl-file';
import { childElement } from '../wsdl/xml-tree';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from './gp-simulator';
import type { ScenarioTimer } from './scenario';
import {
  dateRestriction,
  faultOf,
  gpText,
  listedVouchers,
  listRequest,
  payloadOf,
  postSoap,
} from './soap-test-helpers';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const started: GpSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function simulator(options: GpSimulatorOptions = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const sim = await startGpSimulator({ clock, vendors: 20, invoices: 50, ...options });
  started.push(sim);
  return { sim, clock };
}

const listAll = (sim: GpSimulator, headers?: Record<string, string>) =>
  postSoap(sim.soapUrl, 'GetPayablesInvoiceList', listRequest(''), headers);

describe('WSDL and addresses', () => {
  it('serves the real WSDL at ?wsdl with its own address, case-insensitively like IIS', async () => {
    const { sim } = await simulator();
    expect(sim.soapUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/DynamicsGPWebServices\/DynamicsGPService\.asmx$/,
    );
    const response = await fetch(
      sim.wsdlUrl.replace('DynamicsGPWebServices', 'dynamicsgpwebservices').replace('?wsdl', '?WSDL'),
    );
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.length).toBeGreaterThan(1_600_000);
    expect(text).toContain(`<soap:address location="${sim.soapUrl}"/>`);
    expect(text).not.toContain('merseta');
  });

  it('hosts several companies and lists them through GetCompanyList', async () => {
    const { sim } = await simulator({
      companies: [
        { id: -1, name: 'Fabrikam, Inc.' },
        { id: 2, name: 'Contoso & Co', invoices: 5 },
      ],
    });
    const body = listRequest('').replace(/GetPayablesInvoiceList/g, 'GetCompanyList');
    const response = await postSoap(sim.soapUrl, 'GetCompanyList', body);
    const result = childElement(payloadOf(response.text), GP_NS, 'GetCompanyListResult')!;
    expect(result.children.map((company) => gpText(company, 'Name'))).toEqual([
      'Fabrikam, Inc.',
      'Contoso & Co',
    ]);
    expect(sim.companyById(2)?.documentCount).toBeGreaterThanOrEqual(5);
  });
});

describe('fault injection and accounting', () => {
  it('answers an injected soap-fault with a logged system exception, then serves normally again', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'soap-fault', message: 'SQL deadlock' });
    const faulted = await listAll(sim);
    expect(faulted.status).toBe(500);
    expect(faultOf(faulted.text).code).toBe('soap:Server');
    expect(sim.exceptionLog.entries.at(-1)?.message).toBe('SQL deadlock');
    expect((await listAll(sim)).status).toBe(200);
    expect(sim.stats).toMatchObject({
      requests: 2,
      faultsInjected: 1,
      requestsByOperation: { GetPayablesInvoiceList: 2 },
      statusCodes: { 200: 1, 500: 1 },
    });
    expect(sim.stats.responseBytes).toBeGreaterThan(1000);
  });

  it('answers http-500 with an IIS page and http-401 with Negotiate and NTLM challenges', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'http-500' }, { kind: 'http-401' });
    const serverError = await listAll(sim);
    expect([serverError.status, serverError.contentType]).toEqual([500, 'text/html']);
    const unauthorized = await listAll(sim);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Negotiate, NTLM');
  });

  it('keeps an operation-bound fault for a request to that operation', async () => {
    const { sim } = await simulator();
    const voucher = sim.addInvoice().voucherNumber.trimEnd();
    sim.faults.push({ kind: 'http-500', operation: 'GetPayablesInvoiceByKey' });
    expect((await listAll(sim)).status).toBe(200);
    const byKey = await postSoap(
      sim.soapUrl,
      'GetPayablesInvoiceByKey',
      listRequest('')
        .replace(/GetPayablesInvoiceList/g, 'GetPayablesInvoiceByKey')
        .replace('<criteria></criteria>', `<key><Id>${voucher}</Id></key>`),
    );
    expect(byKey.status).toBe(500);
    expect(sim.faults.length).toBe(0);
  });

  it('returns a truncated envelope for malformed and drops the connection for disconnect', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'malformed' }, { kind: 'disconnect' });
    const malformed = await listAll(sim);
    expect(malformed.status).toBe(200);
    expect(() => payloadOf(malformed.text)).toThrow(/not well-formed/);
    await expect(listAll(sim)).rejects.toThrow();
  });

  it('holds a stalled response for the given time, then answers', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'stall', ms: 150 });
    const before = performance.now();
    const response = await listAll(sim);
    expect(response.status).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(140);
  });

  it('releases a response stalled without end when the simulator closes', async () => {
    const { sim } = await simulator();
    sim.faults.push({ kind: 'stall' });
    const pending = listAll(sim);
    await expect.poll(() => sim.stats.faultsInjected).toBe(1);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('adds latency to every SOAP response and keeps the last exchanges for schema checks', async () => {
    const { sim } = await simulator({ latencyMs: 60 });
    const before = performance.now();
    await listAll(sim);
    expect(performance.now() - before).toBeGreaterThanOrEqual(55);
    expect(sim.exchanges.at(-1)).toMatchObject({ operation: 'GetPayablesInvoiceList', status: 200 });
    expect(sim.exchanges.at(-1)?.requestXml).toContain('<GetPayablesInvoiceList');
    sim.resetStats();
    expect(sim.stats.requests).toBe(0);
  });
});

describe('authentication hook', () => {
  it('challenges requests the hook refuses and passes the others with its response headers', async () => {
    const { sim } = await simulator({
      authenticate: async (request) =>
        request.headers.authorization === 'Negotiate good-token'
          ? {
              ok: true,
              user: 'CORP\\svc-gp',
              responseHeaders: { 'WWW-Authenticate': 'Negotiate mutual-token' },
            }
          : { ok: false, challenge: ['Negotiate', 'NTLM'] },
    });
    const refused = await listAll(sim);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Negotiate, NTLM');
    expect((await fetch(sim.wsdlUrl)).status).toBe(401);
    const accepted = await listAll(sim, { authorization: 'Negotiate good-token' });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('www-authenticate')).toBe('Negotiate mutual-token');
  });
});

describe('control API', () => {
  it('adds, posts and holds invoices over HTTP and refuses what GP would refuse with 409', async () => {
    const { sim } = await simulator();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sim.controlUrl}${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const added = await call('POST', 'invoices', { vendorId: 'BARNESNO0001', purchaseAmount: '99.95' });
    expect(added).toMatchObject({
      status: 201,
      json: { table: 'PM10000', vendorId: 'BARNESNO0001', documentAmount: '99.95' },
    });
    const voucher = added.json.voucherNumber as string;
    expect((await call('POST', `invoices/${voucher}/hold`)).status).toBe(409);
    expect((await call('POST', `invoices/${voucher}/post`)).json).toMatchObject({ table: 'PM20000' });
    expect((await call('POST', `invoices/${voucher}/hold`)).json).toMatchObject({ hold: true });
    expect((await call('GET', `invoices/${voucher}`)).json).toMatchObject({ table: 'PM20000', hold: true });
    expect((await call('GET', 'invoices/NOPE')).status).toBe(404);
    expect((await call('POST', 'faults', { kind: 'http-500' })).status).toBe(202);
    expect((await listAll(sim)).status).toBe(500);
    expect((await call('GET', 'stats')).json).toMatchObject({ faultsInjected: 1 });
  });

  it('drives purchase orders, journals and vendors over HTTP', async () => {
    const { sim } = await simulator();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sim.controlUrl}${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const po = await call('POST', 'purchase-orders', {
      vendorId: 'BARNESNO0001',
      lines: [{ quantity: '3', unitCost: '10.00' }],
    });
    expect(po).toMatchObject({ status: 201, json: { status: 1, subtotal: '30.00', lines: 1 } });
    const poNumber = po.json.poNumber as string;
    expect((await call('POST', `purchase-orders/${poNumber}/receive`)).status).toBe(409);
    expect((await call('POST', `purchase-orders/${poNumber}/approve`)).json).toMatchObject({ status: 2 });
    expect((await call('POST', `purchase-orders/${poNumber}/receive`)).json).toMatchObject({ status: 4 });
    const journal = await call('POST', 'journals', {
      lines: [
        { account: '300-6400-00', debit: '42.00' },
        { account: '000-1100-00', credit: '42.00' },
      ],
    });
    expect(journal).toMatchObject({ status: 201, json: { table: 'GL10000', debit: '42.00' } });
    expect((await call('POST', `journals/${journal.json.journalEntry}/post`)).json).toMatchObject({
      table: 'GL20000',
    });
    expect((await call('POST', 'vendors/BARNESNO0001/hold')).json).toMatchObject({ hold: true });
    expect((await call('PATCH', 'vendors/BARNESNO0001', { paymentTermsId: 'Net 60' })).json).toMatchObject({
      paymentTermsId: 'Net 60',
    });
  });
});

describe('scenario driver', () => {
  it('adds an invoice per tick, posts every third and holds a posted one every fifth, until stopped', async () => {
    const { sim, clock } = await simulator();
    let registered: (() => void) | undefined;
    let cleared = false;
    const timer: ScenarioTimer = {
      setInterval: (callback) => {
        registered = callback;
        return 1;
      },
      clearInterval: () => {
        cleared = true;
      },
    };
    const events: string[] = [];
    const others: string[] = [];
    const scenario = sim.startScenario({
      intervalMs: 5000,
      timer,
      onEvent: (event) =>
        event.docType === 'payables-invoice'
          ? events.push(event.action)
          : others.push(`${event.docType} ${event.action}`),
    });
    for (let i = 0; i < 15; i++) {
      clock.ms += 5000;
      registered!();
    }
    expect(scenario.ticks).toBe(15);
    expect(events.filter((e) => e === 'added')).toHaveLength(15);
    expect(events.filter((e) => e === 'posted')).toHaveLength(5);
    expect(events.filter((e) => e === 'held')).toHaveLength(3);
    const since = new Date(START + 1).toISOString().slice(0, 23);
    const listed = listedVouchers(
      (
        await postSoap(
          sim.soapUrl,
          'GetPayablesInvoiceList',
          listRequest(`<ModifiedDate>${dateRestriction({ From: since })}</ModifiedDate>`),
        )
      ).text,
    );
    expect(listed).toHaveLength(15);
    // Every second tick a PO (created, then approved, received, closed), every third a journal, every fourth a vendor.
    expect(others.filter((event) => event === 'purchase-order created')).toHaveLength(7);
    expect(others).toEqual(
      expect.arrayContaining(['purchase-order approved', 'purchase-order received', 'purchase-order closed']),
    );
    expect(others.filter((event) => event === 'gl-journal entered')).toHaveLength(5);
    expect(others.filter((event) => event === 'gl-journal posted')).toHaveLength(4);
    expect(others.filter((event) => event.startsWith('vendor '))).toEqual([
      'vendor changed',
      'vendor held',
      'vendor released',
    ]);
    scenario.stop();
    expect(cleared).toBe(true);
    scenario.tick();
    expect(scenario.ticks).toBe(15);
  });
});

describe('scenario endurance', () => {
  it('keeps running every family for 400 ticks, pays too, and never lets a refused step escape', async () => {
    const { sim, clock } = await simulator();
    const counts = new Map<string, number>();
    const scenario = sim.startScenario({
      intervalMs: 1000,
      payEvery: 7,
      timer: { setInterval: () => 1, clearInterval: () => {} },
      onEvent: (event) =>
        counts.set(
          `${event.docType} ${event.action}`,
          (counts.get(`${event.docType} ${event.action}`) ?? 0) + 1,
        ),
    });
    for (let i = 0; i < 400; i++) {
      clock.ms += 1000;
      scenario.tick();
    }
    scenario.stop();
    expect(scenario.ticks).toBe(400);
    for (const seen of [
      'payables-invoice paid',
      'purchase-order closed',
      'gl-journal posted',
      'vendor reactivated',
    ]) {
      expect(counts.get(seen) ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('[U] rendering options', () => {
  it('can report ModifiedDate from the date-only MODIFDT and char values trimmed', async () => {
    const { sim, clock } = await simulator({ modifiedDateSource: 'modifdt', charPadding: 'trimmed' });
    clock.ms = START + 3_600_000;
    const row = sim.addInvoice({ vendorId: 'BARNESNO0001' });
    const response = await postSoap(
      sim.soapUrl,
      'GetPayablesInvoiceList',
      listRequest(`<ModifiedDate>${dateRestriction({ From: '2024-05-01T00:00:00' })}</ModifiedDate>`),
    );
    const summary = childElement(
      payloadOf(response.text),
      GP_NS,
      'GetPayablesInvoiceListResult',
    )!.children.find((s) => gpText(s, 'Key', 'Id') === row.voucherNumber.trimEnd())!;
    expect(gpText(summary, 'ModifiedDate')).toBe('2024-05-01T00:00:00');
    expect(gpText(summary, 'VendorKey', 'Id')).toBe('BARNESNO0001');
  });
});
