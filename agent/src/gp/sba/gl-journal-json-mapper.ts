import { DocType, type GlJournalRecord, MAX_JOURNAL_LINES } from '@gprelay/shared';
import type { ChangedDocumentOf } from '../gp-source';
import { glJournalKey, glJournalStateOf } from '../soap/gl-journal-mapper';
import { isJsonObject, type JsonObject, JsonRecord, type ListedItem } from './json-record';
import { GpValueError, sbaBoolean, sbaDate, sbaInstant } from './sba-values';

/** JSON member names of a GL journal entry (header + lines); defaults are the simulator's convention [U]. */
export const GL_JOURNAL_FIELDS = {
  journalEntry: 'JournalEntry',
  /** Part of the key, as in Web Services' GLTransactionKey {JournalId, Date}. */
  transactionDate: 'TransactionDate',
  batchId: 'BatchId',
  sourceDocument: 'SourceDocument',
  reference: 'Reference',
  transactionState: 'TransactionState',
  voided: 'IsVoided',
  debitTotal: 'DebitTotal',
  creditTotal: 'CreditTotal',
  currency: 'CurrencyISOCode',
  decimalDigits: 'CurrencyDecimalDigits',
  lines: 'Lines',
  /** Absent → the number of lines listed. */
  lineCount: 'LineCount',
  lineAccount: 'AccountNumber',
  lineDescription: 'Description',
  lineDebit: 'DebitAmount',
  lineCredit: 'CreditAmount',
  modifiedDate: 'ModifiedDate',
} as const;
export type GlJournalFields = { -readonly [K in keyof typeof GL_JOURNAL_FIELDS]: string };

const STATES: Record<string, GlJournalRecord['transactionState']> = {
  work: 'work',
  unposted: 'work',
  open: 'open',
  posted: 'open',
  history: 'history',
};

/**
 * Key and ModifiedDate of a journal list item. Unposted work is relayed only
 * when `includeUnposted` (the product relays posted entries by default).
 */
export function glJournalListed(
  item: JsonObject,
  fields: GlJournalFields,
  includeUnposted: boolean,
): ListedItem {
  const reader = new JsonRecord(item, 'SBA journal entry');
  const { key, state } = identity(reader, fields);
  return {
    key,
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    relayed: includeUnposted || state !== 'work',
  };
}

/** One journal entry of an SBA answer as the change the poller relays: totals, the first lines and their count. */
export function readGlJournalJson(
  item: JsonObject,
  fields: GlJournalFields,
  companyName: string,
): ChangedDocumentOf<typeof DocType.glJournal> {
  const reader = new JsonRecord(item, 'SBA journal entry');
  const { key, journalEntry, date, state } = identity(reader, fields);
  // Lines carry no currency: the header's applies to them.
  const currency = reader.text(fields.currency);
  const digits = reader.text(fields.decimalDigits);
  const money = (source: JsonRecord, path: string) => source.moneyIn(path, currency, digits, fields.currency);
  const lines = reader.value(fields.lines);
  if (lines !== undefined && !Array.isArray(lines)) throw reader.error(fields.lines, 'is not a list');
  const lineItems = (lines ?? []).slice(0, MAX_JOURNAL_LINES).map((line, index) => {
    if (!isJsonObject(line)) throw reader.error(`${fields.lines}[${index}]`, 'is not an object');
    const lineReader = new JsonRecord(line, `${reader.context} line ${index + 1}`);
    return {
      account: lineReader.required(fields.lineAccount),
      description: lineReader.text(fields.lineDescription) ?? '',
      debit: money(lineReader, fields.lineDebit),
      credit: money(lineReader, fields.lineCredit),
    };
  });
  const count = reader.text(fields.lineCount);
  if (count !== undefined && !/^\d{1,6}$/.test(count))
    throw reader.error(fields.lineCount, `'${count}' is not a count`);
  const record: GlJournalRecord = {
    journalEntry,
    batchId: reader.text(fields.batchId) ?? null,
    sourceDocument: reader.text(fields.sourceDocument) ?? null,
    reference: reader.text(fields.reference) ?? '',
    transactionDate: date,
    transactionState: state,
    debitTotal: money(reader, fields.debitTotal),
    creditTotal: money(reader, fields.creditTotal),
    lineCount: count === undefined ? (lines ?? []).length : Number(count),
    lines: lineItems,
    voided: reader.boolean(fields.voided, sbaBoolean) ?? false,
    companyName,
  };
  return {
    docType: DocType.glJournal,
    key,
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    state: glJournalStateOf(record),
    record,
  };
}

function identity(
  reader: JsonRecord,
  fields: GlJournalFields,
): { key: string; journalEntry: number; date: string; state: GlJournalRecord['transactionState'] } {
  const entryText = reader.required(fields.journalEntry);
  if (!/^\d{1,10}$/.test(entryText))
    throw reader.error(fields.journalEntry, `'${entryText}' is not a journal entry number`);
  const journalEntry = Number(entryText);
  reader.context = `SBA journal entry ${journalEntry}`;
  // JRNENTRY repeats across closed years; the transaction date tells them apart (as for SOAP).
  const date = reader.convertOptional(fields.transactionDate, sbaDate);
  if (date === null) throw reader.error(fields.transactionDate, 'is missing (part of the key)');
  const state = reader.convert(fields.transactionState, (text) => {
    const value = STATES[text.toLowerCase()];
    if (value === undefined) throw new GpValueError(`'${text}' is not Work, Open or History`);
    return value;
  });
  return { key: glJournalKey(journalEntry, date), journalEntry, date, state };
}
