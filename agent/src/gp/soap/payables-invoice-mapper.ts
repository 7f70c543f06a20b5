import {
  DocState,
  type Money,
  type PayablesInvoiceDelta,
  type PayablesInvoiceRecord,
  PayablesTransactionState,
} from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import { GP_NS } from './gp-namespaces';
import { GpValueError, gpDateOnly, gpDateTimeToIso, gpMoney } from './gp-values';
import { child, children, isNil, type XmlNode } from './xml-reader';

/** What the list call tells about one changed invoice. */
export interface InvoiceSummary {
  /** Voucher number, trimmed. */
  readonly voucherNumber: string;
  /** GP's ModifiedDate as ISO UTC with Z. */
  readonly modifiedAt: string;
  readonly transactionState: PayablesTransactionState;
}

const TRANSACTION_STATES: Record<string, PayablesTransactionState> = {
  Work: PayablesTransactionState.work,
  Open: PayablesTransactionState.open,
  History: PayablesTransactionState.history,
};

/** Work = unposted, Open = posted, History = fully applied (paid); a hold wins over those, a void over all. */
export function docStateOf(
  transactionState: PayablesTransactionState,
  voided: boolean,
  hold: boolean | null = null,
): PayablesInvoiceDelta['state'] {
  if (voided) return DocState.voided;
  if (hold === true) return DocState.onHold;
  if (transactionState === PayablesTransactionState.work) return DocState.unposted;
  return transactionState === PayablesTransactionState.open ? DocState.posted : DocState.paid;
}

/** Reads GetPayablesInvoiceListResponse into summaries. */
export function readInvoiceSummaries(response: XmlNode): InvoiceSummary[] {
  const result = child(response, GP_NS, 'GetPayablesInvoiceListResult');
  if (result === undefined || isNil(result)) return [];
  return children(result, GP_NS, 'PayablesInvoiceSummary')
    .filter((summary) => !isNil(summary))
    .map((summary) => {
      const reader = new FieldReader(summary, 'PayablesInvoiceSummary');
      const voucherNumber = reader.required(['Key', 'Id']);
      reader.context = `PayablesInvoiceSummary ${voucherNumber}`;
      return {
        voucherNumber,
        modifiedAt: reader.convert(['ModifiedDate'], gpDateTimeToIso),
        transactionState: reader.convert(['TransactionState'], transactionStateOf),
      };
    });
}

/**
 * Reads GetPayablesInvoiceByKeyResponse into the record the cloud relays:
 * char padding trimmed, money as decimal strings, dates as YYYY-MM-DD (GP's
 * 1900-01-01 "no date" → null). `hold` is null: Web Services do not expose
 * the payables hold flag (research §4.7). Returns null for an empty result.
 */
export function readPayablesInvoice(response: XmlNode, companyName: string): PayablesInvoiceRecord | null {
  const invoice = child(response, GP_NS, 'GetPayablesInvoiceByKeyResult');
  if (invoice === undefined || isNil(invoice)) return null;
  const reader = new FieldReader(invoice, 'PayablesInvoice');
  const voucherNumber = reader.required(['Key', 'Id']);
  reader.context = `PayablesInvoice ${voucherNumber}`;
  const isoCode = reader.optional(['CurrencyKey', 'ISOCode']) ?? '';
  const record: PayablesInvoiceRecord = {
    voucherNumber,
    kind: 'invoice',
    documentNumber: reader.optional(['VendorDocumentNumber']) ?? '',
    vendorId: reader.required(['VendorKey', 'Id']),
    vendorName: reader.optional(['VendorName']) ?? '',
    amount: reader.money('DocumentAmount', isoCode),
    documentDate: reader.convertOptional(['Date'], gpDateOnly),
    dueDate: reader.convertOptional(['Terms', 'DueDate'], gpDateOnly),
    batchId: reader.optional(['BatchKey', 'Id']) || null,
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
    hold: null,
    voided: reader.convertOptional(['IsVoided'], booleanOf) ?? false,
    companyName,
  };
  checkLengths(record);
  return record;
}

function transactionStateOf(text: string): PayablesTransactionState {
  const state = TRANSACTION_STATES[text];
  if (state === undefined) throw new GpValueError(`'${text}' is not Work, Open or History`);
  return state;
}

function booleanOf(text: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new GpValueError(`'${text}' is not an xs:boolean`);
}

/** The limits of PayablesInvoiceRecordSchema; GP's char(n) columns never exceed them. */
const MAX_LENGTH: Partial<Record<keyof PayablesInvoiceRecord, number>> = {
  voucherNumber: 21,
  documentNumber: 21,
  vendorId: 15,
  vendorName: 65,
  batchId: 15,
  companyName: 65,
};

function checkLengths(record: PayablesInvoiceRecord): void {
  for (const [field, max] of Object.entries(MAX_LENGTH)) {
    const value = record[field as keyof PayablesInvoiceRecord];
    if (typeof value === 'string' && value.length > max!) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `PayablesInvoice ${record.voucherNumber}: ${field} is longer than ${max} characters`,
      );
    }
  }
}

/** Walks GP-namespace paths of one business object; every problem names the object and the field. */
class FieldReader {
  constructor(
    private readonly root: XmlNode,
    public context: string,
  ) {}

  /** Trimmed text (GP pads char(n) columns with blanks), or undefined when absent or nil. */
  optional(path: readonly string[]): string | undefined {
    let node: XmlNode | undefined = this.root;
    for (const name of path) {
      node = node && child(node, GP_NS, name);
      if (node === undefined || isNil(node)) return undefined;
    }
    return node?.text.trim();
  }

  required(path: readonly string[]): string {
    const value = this.optional(path);
    if (value === undefined || value === '') throw this.error(path, 'is missing');
    return value;
  }

  convert<T>(path: readonly string[], convert: (text: string) => T): T {
    return this.wrap(path, () => convert(this.required(path)));
  }

  convertOptional<T>(path: readonly string[], convert: (text: string) => T): T | null {
    const text = this.optional(path);
    return text === undefined || text === '' ? null : this.wrap(path, () => convert(text));
  }

  money(name: string, fallbackCurrency: string): Money {
    const currency = this.optional([name, 'Currency']) || fallbackCurrency;
    return this.wrap([name], () =>
      gpMoney(this.required([name, 'Value']), this.required([name, 'DecimalDigits']), currency),
    );
  }

  private wrap<T>(path: readonly string[], read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof GpValueError) throw this.error(path, error.message);
      throw error;
    }
  }

  private error(path: readonly string[], problem: string): AgentError {
    return new AgentError(AgentErrorCode.gpProtocol, `${this.context}: ${path.join('.')} ${problem}`);
  }
}
