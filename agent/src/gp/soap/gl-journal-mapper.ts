import {
  DocState,
  type GlJournalDelta,
  type GlJournalRecord,
  MAX_JOURNAL_LINES,
  type Money,
} from '@gprelay/shared';
import { enumOf, FieldReader } from './field-reader';
import { GP_NS } from './gp-namespaces';
import { GpValueError, gpDateOnly, gpDateTimeToIso, toGpDateTime } from './gp-values';
import { fromUnits, toUnits } from './money-units';
import { child, isNil, type XmlNode } from './xml-reader';

/** What the list tells about one changed journal entry. */
export interface GlTransactionSummary {
  readonly journalEntry: number;
  /** The transaction date as GP sent it (GLTransactionKey.Date), for the by-key call. */
  readonly gpDate: string;
  /** The same date as YYYY-MM-DD. */
  readonly date: string;
  readonly modifiedAt: string;
  readonly transactionState: GlJournalRecord['transactionState'];
}

const transactionStateOf = enumOf<GlJournalRecord['transactionState']>(
  { Work: 'work', Open: 'open', History: 'history' },
  'GL transaction state (Work, Open, History)',
);

/**
 * The document key of a journal entry: JRNENTRY and its transaction date,
 * GP's own GLTransactionKey. JRNENTRY is unique across unposted work and open
 * years but may repeat in a closed (history) year; the date tells those
 * apart. Posting and the year-end close keep both, so work → open → history
 * stays one key.
 */
export function glJournalKey(journalEntry: number, date: string): string {
  return `${journalEntry}/${date}`;
}

export function glJournalStateOf(record: GlJournalRecord): GlJournalDelta['state'] {
  return record.transactionState === 'work' ? DocState.unposted : DocState.posted;
}

export function readGlTransactionSummary(summary: XmlNode): GlTransactionSummary {
  const reader = new FieldReader(summary, 'GLTransactionSummary');
  const journalEntry = reader.convert(['Key', 'JournalId'], journalIdOf);
  reader.context = `GLTransactionSummary ${journalEntry}`;
  const date = reader.convert(['Key', 'Date'], gpDateOnly);
  if (date === null) throw reader.error(['Key', 'Date'], 'is empty');
  return {
    journalEntry,
    gpDate: toGpDateTime(`${date}T00:00:00Z`),
    date,
    modifiedAt: reader.convert(['ModifiedDate'], gpDateTimeToIso),
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
  };
}

const MAX_LENGTH = { batchId: 15, sourceDocument: 11, reference: 31, companyName: 65 };
const LINE_MAX_LENGTH = { account: 129, description: 31 };

/**
 * Reads GetGLTransactionByKeyResponse: ids, dates, debit and credit totals
 * over every line (exact decimals), the line count and the first
 * MAX_JOURNAL_LINES lines (account number, description, debit, credit).
 */
export function readGlTransaction(response: XmlNode, companyName: string): GlJournalRecord | null {
  const transaction = child(response, GP_NS, 'GetGLTransactionByKeyResult');
  if (transaction === undefined || isNil(transaction)) return null;
  const reader = new FieldReader(transaction, 'GLTransaction');
  const journalEntry = reader.convert(['Key', 'JournalId'], journalIdOf);
  reader.context = `GLTransaction ${journalEntry}`;
  const isoCode = reader.optional(['CurrencyKey', 'ISOCode']) ?? '';
  const lines = reader.items(['Lines'], 'GLTransactionLine').map((node, at) => {
    const line = new FieldReader(node, `${reader.context} line ${at + 1}`);
    const read = {
      account: line.required(['GLAccountKey', 'Id']),
      description: line.optional(['Description']) ?? '',
      debit: line.moneyOptional(['DebitAmount'], isoCode),
      credit: line.moneyOptional(['CreditAmount'], isoCode),
    };
    line.checkLengths(read, LINE_MAX_LENGTH);
    return read;
  });
  const sample = lines.flatMap((line) => [line.debit, line.credit]).find((money) => money !== null);
  const currency = sample?.currency ?? (isoCode || 'USD');
  const decimalDigits = sample?.decimalDigits ?? 2;
  const zero: Money = { value: fromUnits(0n, decimalDigits), currency, decimalDigits };
  const total = (pick: (line: (typeof lines)[number]) => Money | null): Money => ({
    ...zero,
    value: fromUnits(
      lines.reduce((sum, line) => sum + toUnits(pick(line)?.value ?? '0'), 0n),
      decimalDigits,
    ),
  });
  const record: GlJournalRecord = {
    journalEntry,
    batchId: reader.text(['BatchKey', 'Id']),
    sourceDocument: reader.text(['SourceDocumentKey', 'Id']),
    reference: reader.optional(['Reference']) ?? '',
    transactionDate: reader.convertOptional(['Key', 'Date'], gpDateOnly),
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
    debitTotal: total((line) => line.debit),
    creditTotal: total((line) => line.credit),
    lineCount: lines.length,
    lines: lines.slice(0, MAX_JOURNAL_LINES).map((line) => ({
      account: line.account,
      description: line.description,
      debit: line.debit ?? zero,
      credit: line.credit ?? zero,
    })),
    voided: reader.boolean(['IsVoided']) ?? false,
    companyName,
  };
  reader.checkLengths(record, MAX_LENGTH);
  return record;
}

function journalIdOf(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new GpValueError(`'${text}' is not a journal entry number`);
  return value;
}
