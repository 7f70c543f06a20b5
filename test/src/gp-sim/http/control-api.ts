import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CompanyDatabase, GpSimError } from '../model/company-database';
import { currencyById } from '../model/currencies';
import { formatNumeric5, SQL_EMPTY_DATE } from '../model/sql-types';
import type { PayablesDocumentRow } from '../model/tables';
import type { ExceptionLog } from '../soap/soap-fault';
import { familyRoute } from './control-families';
import type { FaultQueue, InjectedFault } from './fault-queue';
import type { SimStats } from './sim-stats';

/** What the control API reaches into. */
export interface ControlSubject {
  /** The company with this id; the default company when id is undefined. */
  companyById(id?: number): CompanyDatabase | undefined;
  readonly faults: FaultQueue;
  readonly stats: SimStats;
  readonly exceptionLog: ExceptionLog;
}

/** A document as the control API shows it: trimmed strings, decimal strings, ISO dates. */
export function documentJson(row: PayablesDocumentRow): Record<string, unknown> {
  const decimals = currencyById(row.currencyId).decimalDigits;
  const money = (value: bigint) => formatNumeric5(value, decimals);
  const date = (ms: number) => (ms === SQL_EMPTY_DATE ? null : new Date(ms).toISOString().slice(0, 10));
  return {
    voucherNumber: row.voucherNumber.trimEnd(),
    table: row.table,
    docType: row.docType,
    vendorId: row.vendorId.trimEnd(),
    documentNumber: row.documentNumber.trimEnd(),
    batchId: row.batchId.trimEnd(),
    currencyId: row.currencyId.trimEnd(),
    documentDate: date(row.documentDate),
    dueDate: date(row.dueDate),
    documentAmount: money(row.documentAmount),
    currentAmount: money(row.currentAmount),
    hold: row.hold,
    voided: row.voided,
    modifiedAt: new Date(row.dexRowTs).toISOString(),
  };
}

/**
 * JSON routes for cross-process demos and tests (`?company=<id>` picks a company):
 *   GET  /_sim/stats                          request accounting
 *   GET  /_sim/exceptions                     GP's exception log
 *   POST /_sim/invoices          {NewInvoice} enter an unposted invoice → 201
 *   GET  /_sim/invoices/:voucher
 *   PATCH /_sim/invoices/:voucher {changes}   edit
 *   POST /_sim/invoices/:voucher/hold|unhold|post|pay|void
 *   POST /_sim/faults            {InjectedFault}
 * and the purchase-order, journal and vendor routes of control-families.ts.
 * A change GP would refuse answers 409 with the reason.
 */
export function createControlApi(subject: ControlSubject) {
  return async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: string,
  ): Promise<boolean> => {
    const reply = (status: number, value: unknown) => {
      const text = JSON.stringify(value);
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      response.end(text);
      return true;
    };
    let input: Record<string, unknown> = {};
    if (body.trim() !== '') {
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return reply(400, { error: 'the body is not JSON' });
      }
    }
    const companyParameter = url.searchParams.get('company');
    const company = subject.companyById(companyParameter === null ? undefined : Number(companyParameter));
    if (company === undefined) return reply(404, { error: `no company ${companyParameter}` });
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const method = request.method ?? 'GET';
    try {
      if (method === 'GET' && parts[0] === 'stats' && parts.length === 1) return reply(200, subject.stats);
      if (method === 'GET' && parts[0] === 'exceptions' && parts.length === 1)
        return reply(200, subject.exceptionLog.entries);
      if (method === 'POST' && parts[0] === 'faults' && parts.length === 1) {
        return reply(202, { queued: subject.faults.push(input as unknown as InjectedFault) });
      }
      const family = familyRoute(company, method, parts, input);
      if (family !== undefined) return reply(family.status, family.body);
      if (parts[0] !== 'invoices') return false;
      if (method === 'POST' && parts.length === 1) return reply(201, documentJson(company.addInvoice(input)));
      const voucher = parts[1];
      if (voucher === undefined) return false;
      if (parts.length === 2 && method === 'GET') {
        const row = company.document(voucher);
        return row
          ? reply(200, documentJson(row))
          : reply(404, { error: `voucher ${voucher} does not exist` });
      }
      if (parts.length === 2 && method === 'PATCH')
        return reply(200, documentJson(company.editInvoice(voucher, input)));
      if (parts.length === 3 && method === 'POST') {
        const action = parts[2];
        if (action === 'hold') return reply(200, documentJson(company.holdInvoice(voucher, true)));
        if (action === 'unhold') return reply(200, documentJson(company.holdInvoice(voucher, false)));
        if (action === 'post') return reply(200, documentJson(company.postInvoice(voucher)));
        if (action === 'pay') return reply(200, documentJson(company.payInvoice(voucher)));
        if (action === 'void') return reply(200, documentJson(company.voidInvoice(voucher)));
      }
      return false;
    } catch (error) {
      if (error instanceof GpSimError) {
        return reply(/does not exist/.test(error.message) ? 404 : 409, { error: error.message });
      }
      if (error instanceof RangeError) return reply(400, { error: error.message });
      throw error;
    }
  };
}
