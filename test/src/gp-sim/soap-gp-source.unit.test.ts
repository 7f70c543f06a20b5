// The agent package has no public index yet; these reach the modules' own entry points.
import type { ChangedDocument } from '@gprelay/agent';
import { type HttpAuthenticator, SoapGpSource, type SoapGpSourceOptions } from '@gprelay/agent';
import type { PayablesInvoiceRecord } from '@gprelay/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../net/free-port';
import { validateSoapMessages } from '../wsdl/validate-soap-message';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from './gp-simulator';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(simOptions: GpSimulatorOptions = {}, sourceOptions: Partial<SoapGpSourceOptions> = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const sim = await startGpSimulator({ clock, seed: 5, vendors: 30, invoices: 150, ...simOptions });
  cleanups.push(() => sim.close());
  const source = new SoapGpSource({
    url: sim.soapUrl,
    companyId: -1,
    company: 'Fabrikam, Inc.',
    clock,
    ...sourceOptions,
  });
  cleanups.push(() => source.close());
  return { sim, clock, source };
}

const since = (ms: number) => new Date(ms).toISOString();
/** Every invoice changed since `fromMs`, in one page. */
const listInvoices = async (source: SoapGpSource, fromMs: number) =>
  (await source.listChanged({ docType: 'payables-invoice', since: since(fromMs), pageSize: 10_000 }))
    .documents;
const keys = (documents: ChangedDocument[]) => documents.map((document) => document.key);

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; retryable: boolean; message: string };
  }
  throw new Error('expected a failure');
}

describe('SoapGpSource against the GP simulator', () => {
  it('returns exactly the invoices changed since the cursor, fully mapped, sorted by (modifiedAt, key)', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const tricky = sim.addInvoice({
      vendorId: 'SMITHTOO0001',
      documentNumber: 'INV-7 & <8>',
      documentDate: '2024-04-28',
      dueDate: '2024-05-28',
      purchaseAmount: '1234.5',
      taxAmount: '98.76',
      batchId: 'APMAY01',
    });
    const sameTick = sim.addInvoice({ vendorId: 'BARNESNO0001' });
    clock.ms += 1_000;
    const later = sim.addInvoice({ vendorId: 'PENADIST0001' });
    const memo = sim.addInvoice({ vendorId: 'BARNESNO0001', kind: 'credit-memo' });

    const changed = await listInvoices(source, START + 60_000);

    expect(keys(changed)).toEqual([
      ...[tricky, sameTick, later].map((row) => row.voucherNumber.trimEnd()),
      `${memo.voucherNumber.trimEnd()}|credit-memo`,
    ]);
    expect(changed[3]?.record).toMatchObject({ kind: 'credit-memo', dueDate: null });
    expect(changed[0]).toEqual({
      docType: 'payables-invoice',
      key: tricky.voucherNumber.trimEnd(),
      modifiedAt: '2024-05-01T12:01:00.000Z',
      state: 'unposted',
      record: {
        voucherNumber: tricky.voucherNumber.trimEnd(),
        kind: 'invoice',
        documentNumber: 'INV-7 & <8>',
        vendorId: 'SMITHTOO0001',
        vendorName: 'Smith <Tools> & Hardware',
        amount: { value: '1333.26', currency: 'USD', decimalDigits: 2 },
        documentDate: '2024-04-28',
        dueDate: '2024-05-28',
        batchId: 'APMAY01',
        transactionState: 'work',
        hold: null,
        voided: false,
        companyName: 'Fabrikam, Inc.',
      },
    });
    expect((changed[2]?.record as PayablesInvoiceRecord | undefined)?.vendorName).toBe(
      'Peña Distribución S.A.',
    );
    expect(sim.stats.requestsByOperation).toEqual({
      GetPayablesDocumentList: 1,
      GetPayablesInvoiceByKey: 3,
      GetPayablesCreditMemoByKey: 1,
    });
  });

  it('includes a document modified exactly at `since` (inclusive lower bound) and nothing before it', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 120_000 + 4;
    const before = sim.addInvoice();
    clock.ms += 3;
    const atCursor = sim.addInvoice();
    const changed = await listInvoices(source, atCursor.dexRowTs);
    expect(keys(changed)).toEqual([atCursor.voucherNumber.trimEnd()]);
    expect(changed[0]?.modifiedAt).toBe(since(atCursor.dexRowTs));
    // Neighbouring datetime ticks are 3 or 4 ms apart.
    expect(atCursor.dexRowTs - before.dexRowTs).toBe(4);
  });

  it('sees posting as one document moving from work to open, then paid, never as two documents', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 300_000;
    const entered = sim.addInvoice();
    const key = entered.voucherNumber.trimEnd();
    expect((await listInvoices(source, entered.dexRowTs))[0]).toMatchObject({
      key,
      state: 'unposted',
      record: { transactionState: 'work' },
    });
    clock.ms += 5_000;
    sim.postInvoice(key);
    const afterPosting = await listInvoices(source, entered.dexRowTs);
    expect(afterPosting.filter((document) => document.key === key)).toHaveLength(1);
    expect(afterPosting[0]).toMatchObject({
      key,
      state: 'posted',
      modifiedAt: since(START + 305_000),
      record: { transactionState: 'open' },
    });
    clock.ms += 5_000;
    sim.holdInvoice(key);
    const afterHold = await listInvoices(source, START + 306_000);
    // Web Services cannot see the payables hold flag: the change shows, the hold does not.
    expect(afterHold[0]).toMatchObject({ key, state: 'posted', record: { hold: null } });
    clock.ms += 5_000;
    sim.holdInvoice(key, false);
    sim.payInvoice(key);
    expect((await listInvoices(source, START + 311_000))[0]).toMatchObject({
      key,
      state: 'paid',
      record: { transactionState: 'history' },
    });
  });

  it('reports a voided invoice as voided', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 400_000;
    const entered = sim.addInvoice();
    sim.postInvoice(entered.voucherNumber);
    clock.ms += 1_000;
    sim.voidInvoice(entered.voucherNumber);
    const [document] = await listInvoices(source, START + 401_000);
    expect(document).toMatchObject({
      state: 'voided',
      record: { voided: true, transactionState: 'history' },
    });
  });

  it('sends requests and receives responses that validate against the WSDL (list, by-key, fault)', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 500_000;
    sim.addInvoice({ vendorId: 'OREILLYF0001' });
    await listInvoices(source, START + 500_000);
    sim.faults.push({ kind: 'soap-fault', operation: 'GetPayablesDocumentList' });
    await errorOf(listInvoices(source, START));
    const list = sim.exchanges.find(
      (exchange) => exchange.operation === 'GetPayablesDocumentList' && exchange.status === 200,
    )!;
    const byKey = sim.exchanges.find((exchange) => exchange.operation === 'GetPayablesInvoiceByKey')!;
    const fault = sim.exchanges.at(-1)!;
    expect(fault.status).toBe(500);
    const results = await validateSoapMessages([
      list.requestXml,
      list.responseXml,
      byKey.requestXml,
      byKey.responseXml,
      fault.requestXml,
      fault.responseXml,
    ]);
    expect(results.filter((result) => !result.valid)).toEqual([]);
    expect(results).toHaveLength(6);
  });

  it('keeps at most maxConcurrentRequests by-key calls in flight', async () => {
    const { sim, clock, source } = await setup({ latencyMs: 20 }, { maxConcurrentRequests: 3 });
    clock.ms = START + 600_000;
    for (let i = 0; i < 12; i++) sim.addInvoice();
    expect(await listInvoices(source, START + 600_000)).toHaveLength(12);
    expect(sim.stats.maxInFlight).toBe(3);
  });
});

describe('SoapGpSource failures', () => {
  const cases: {
    name: string;
    fault: Parameters<GpSimulator['faults']['push']>[0];
    code: string;
    retryable: boolean;
    message: RegExp;
  }[] = [
    {
      name: 'a GP system exception',
      fault: { kind: 'soap-fault' },
      code: 'AGENT_GP_FAULT',
      retryable: true,
      message: /soap:Server: The application encountered .* \(GP exception log id [0-9a-f-]{36}\)/,
    },
    {
      name: 'a GP validation exception',
      fault: { kind: 'soap-fault', exceptionType: 'validation' },
      code: 'AGENT_GP_FAULT',
      retryable: false,
      message: /GP exception log id/,
    },
    {
      name: 'HTTP 500 without a fault',
      fault: { kind: 'http-500' },
      code: 'AGENT_GP_UNAVAILABLE',
      retryable: true,
      message: /HTTP 500 and no SOAP fault/,
    },
    {
      name: 'HTTP 401',
      fault: { kind: 'http-401' },
      code: 'AGENT_GP_AUTH_FAILED',
      retryable: false,
      message: /offers Negotiate, NTLM, the agent tried no credentials/,
    },
    {
      name: 'an unparsable body',
      fault: { kind: 'malformed' },
      code: 'AGENT_GP_PROTOCOL',
      retryable: false,
      message: /not a SOAP envelope/,
    },
    {
      name: 'a dropped connection',
      fault: { kind: 'disconnect' },
      code: 'AGENT_GP_UNREACHABLE',
      retryable: true,
      message: /unreachable/,
    },
  ];
  for (const testCase of cases) {
    it(`maps ${testCase.name} to ${testCase.code}`, async () => {
      const { sim, source } = await setup();
      sim.faults.push(testCase.fault);
      const error = await errorOf(listInvoices(source, START));
      expect({ code: error.code, retryable: error.retryable }).toEqual({
        code: testCase.code,
        retryable: testCase.retryable,
      });
      expect(error.message).toMatch(testCase.message);
    });
  }

  it('fails a whole poll when one by-key call fails, so the cursor never skips a document', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 700_000;
    sim.addInvoice();
    sim.addInvoice();
    sim.faults.push({ kind: 'http-500', operation: 'GetPayablesInvoiceByKey' });
    expect((await errorOf(listInvoices(source, START + 700_000))).code).toBe('AGENT_GP_UNAVAILABLE');
  });

  it('refuses a by-key answer over maxResponseBytes instead of parsing it', async () => {
    const { sim, clock, source } = await setup({}, { maxResponseBytes: 1_000 });
    clock.ms = START + 800_000;
    sim.addInvoice();
    const error = await errorOf(listInvoices(source, START + 800_000));
    expect(error).toMatchObject({ code: 'AGENT_GP_PROTOCOL', retryable: false });
    expect(error.message).toContain('GetPayablesInvoiceByKey is larger than the 1000-byte limit');
  });

  it('times out a stalled response with AGENT_GP_TIMEOUT', async () => {
    const { sim, source } = await setup({}, { timeoutMs: 250 });
    sim.faults.push({ kind: 'stall' });
    const error = await errorOf(listInvoices(source, START));
    expect(error).toMatchObject({ code: 'AGENT_GP_TIMEOUT', retryable: true });
    expect(error.message).toContain('within 250 ms');
  });

  it('reports a refused connection as AGENT_GP_UNREACHABLE', async () => {
    const port = await freePort();
    const source = new SoapGpSource({
      url: `http://127.0.0.1:${port}/DynamicsGPWebServices/DynamicsGPService.asmx`,
      companyId: -1,
      company: 'Fabrikam, Inc.',
    });
    cleanups.push(() => source.close());
    const error = await errorOf(listInvoices(source, START));
    expect(error).toMatchObject({ code: 'AGENT_GP_UNREACHABLE', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports an unknown company as a GP fault and a wrong path as a protocol error', async () => {
    const { sim } = await setup();
    const wrongCompany = new SoapGpSource({ url: sim.soapUrl, companyId: 7, company: 'Nope' });
    const wrongPath = new SoapGpSource({
      url: `${sim.baseUrl}/Dynamics/GPService/GPService`,
      companyId: -1,
      company: 'Fabrikam, Inc.',
    });
    cleanups.push(
      () => wrongCompany.close(),
      () => wrongPath.close(),
    );
    expect((await errorOf(listInvoices(wrongCompany, START))).code).toBe('AGENT_GP_FAULT');
    const pathError = await errorOf(listInvoices(wrongPath, START));
    expect(pathError.code).toBe('AGENT_GP_PROTOCOL');
    expect(pathError.message).toContain('HTTP 404');
    expect(sim.exceptionLog.entries.at(-1)?.message).toContain('Company 7 does not exist');
  });

  it("hands the caller's abort reason back instead of a GP error", async () => {
    const { sim, source } = await setup();
    sim.faults.push({ kind: 'stall' });
    const controller = new AbortController();
    const pending = source.listChanged({
      docType: 'payables-invoice',
      since: since(START),
      pageSize: 100,
      signal: controller.signal,
    });
    await expect.poll(() => sim.stats.faultsInjected).toBe(1);
    controller.abort(new Error('agent stopping'));
    await expect(pending).rejects.toThrow('agent stopping');
  });

  it('refuses bad configuration and requests with AGENT_CONFIG_INVALID', async () => {
    expect(
      () => new SoapGpSource({ url: 'http://user:secret@gp/x.asmx', companyId: -1, company: 'F' }),
    ).toThrow(/credentials do not belong in the URL/);
    expect(() => new SoapGpSource({ url: 'not a url', companyId: -1, company: 'F' })).toThrow(/not a URL/);
    expect(
      () =>
        new SoapGpSource({ url: 'http://gp/x.asmx', companyId: 1.5, company: '', maxConcurrentRequests: 0 }),
    ).toThrow(/companyId .*; company must be .*; maxConcurrentRequests/);
    const { source, sim } = await setup();
    const payablesOnly = new SoapGpSource({
      url: sim.soapUrl,
      companyId: -1,
      company: 'Fabrikam, Inc.',
      docTypes: ['payables-invoice'],
    });
    cleanups.push(() => payablesOnly.close());
    expect(payablesOnly.docTypes).toEqual(['payables-invoice']);
    expect(source.docTypes).toEqual(['payables-invoice', 'purchase-order', 'gl-journal', 'vendor']);
    expect(
      (await errorOf(payablesOnly.listChanged({ docType: 'vendor', since: since(START), pageSize: 100 })))
        .code,
    ).toBe('AGENT_CONFIG_INVALID');
    expect(
      (await errorOf(source.listChanged({ docType: 'payables-invoice', since: since(START), pageSize: 0 })))
        .code,
    ).toBe('AGENT_CONFIG_INVALID');
    expect(
      (
        await errorOf(
          source.listChanged({ docType: 'payables-invoice', since: 'last tuesday', pageSize: 100 }),
        )
      ).code,
    ).toBe('AGENT_CONFIG_INVALID');
  });
});

describe('HttpAuthenticator', () => {
  it('answers a 401 challenge once with the follow-up headers and sees the final server token', async () => {
    const seen: string[][] = [];
    const { source, sim, clock } = await setup({
      authenticate: async (request) =>
        request.headers.authorization === 'Negotiate second-leg'
          ? { ok: true, user: 'CORP\\svc', responseHeaders: { 'WWW-Authenticate': 'Negotiate final-leg' } }
          : { ok: false, challenge: ['Negotiate challenge-leg', 'NTLM'] },
    });
    const authenticator: HttpAuthenticator = {
      schemes: ['Negotiate'],
      authorize: async () => ({ authorization: 'Negotiate first-leg' }),
      respond: async (_request, challenges) => {
        seen.push([...challenges]);
        return { authorization: 'Negotiate second-leg' };
      },
      accept: async (_request, challenges) => {
        seen.push([...challenges]);
      },
    };
    const authenticated = new SoapGpSource({
      url: sim.soapUrl,
      companyId: -1,
      company: 'Fabrikam, Inc.',
      authenticator,
      clock,
    });
    cleanups.push(() => authenticated.close());
    await listInvoices(authenticated, START + 86_400_000);
    expect(seen).toEqual([['Negotiate challenge-leg', 'NTLM'], ['Negotiate final-leg']]);
    const error = await errorOf(listInvoices(source, START));
    expect(error).toMatchObject({ code: 'AGENT_GP_AUTH_FAILED' });
    expect(error.message).not.toContain('challenge-leg');
  });
});
