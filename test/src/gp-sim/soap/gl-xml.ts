import { type GlJournalRow, type GlLineRow, GlTable } from '../model/gl-tables';
import {
  batchKeyXml,
  booleanElement,
  chars,
  currencyKeyXml,
  dateElement,
  idKey,
  key,
  modifiedMs,
  moneyRenderer,
  type RenderOptions,
} from './render-common';
import { element, nilElement, textElement } from './xml-writer';

/** GLTransactionState: work = GL10000, open = GL20000, history = GL30000. */
export const GL_TRANSACTION_STATE: Record<GlTable, string> = {
  [GlTable.work]: 'Work',
  [GlTable.open]: 'Open',
  [GlTable.history]: 'History',
};

/** GLTransactionKey: JournalId + Date (TRXDATE); JRNENTRY alone repeats across fiscal years. */
function transactionKey(name: string, row: GlJournalRow, options: RenderOptions): string {
  return key(
    name,
    options,
    element('JournalId', String(row.journalEntry)) + dateElement('Date', row.transactionDate),
  );
}

/** GLTransactionSummary members in WSDL order. The simulated company keeps only the Base ledger. */
export function glTransactionSummaryXml(row: GlJournalRow, options: RenderOptions): string {
  return (
    transactionKey('Key', row, options) +
    batchKeyXml(row.batchSource, row.batchId, options) +
    currencyKeyXml(row.currencyId, options) +
    dateElement('ModifiedDate', modifiedMs(row.dexRowTs, options)) +
    textElement('Reference', chars(row.reference, options)) +
    idKey('SourceDocumentKey', options, row.sourceDocument) +
    element('TransactionState', GL_TRANSACTION_STATE[row.table]) +
    element('LedgerType', 'Base')
  );
}

/**
 * The full GLTransaction in WSDL order, with every line. Line amounts are
 * typed as the abstract `Amount`, so they carry `xsi:type="MoneyAmount"`.
 */
export function glTransactionXml(row: GlJournalRow, options: RenderOptions): string {
  const isPosted = row.table !== GlTable.work;
  const lines = row.lines.map(
    (line) => `<GLTransactionLine>${lineXml(row, line, options)}</GLTransactionLine>`,
  );
  return (
    transactionKey('Key', row, options) +
    batchKeyXml(row.batchSource, row.batchId, options) +
    currencyKeyXml(row.currencyId, options) +
    (lines.length === 0 ? '<Lines />' : element('Lines', lines.join(''))) +
    textElement('Reference', chars(row.reference, options)) +
    idKey('SourceDocumentKey', options, row.sourceDocument) +
    nilElement('ExchangeRate') +
    nilElement('ExchangeDate') +
    element('LedgerType', 'Base') +
    textElement('AuditTrailCode', isPosted ? `GLTRX${String(row.dexRowId).padStart(8, '0')}` : undefined) +
    booleanElement('IsVoided', row.voided) +
    textElement('ModifiedBy', chars(row.lastUser, options)) +
    dateElement('ModifiedDate', modifiedMs(row.dexRowTs, options)) +
    textElement('PostedBy', isPosted ? chars(row.postedBy, options) : undefined) +
    element('TransactionState', GL_TRANSACTION_STATE[row.table])
  );
}

function lineXml(row: GlJournalRow, line: GlLineRow, options: RenderOptions): string {
  const money = moneyRenderer(row.currencyId, '1.0000000', options, true);
  // GLTransactionLineKey derives from the dynamics Key directly: no CompanyKey of its own.
  return (
    element(
      'Key',
      transactionKey('TransactionKey', row, options) + element('SequenceNumber', String(line.sequence)),
    ) +
    money('CreditAmount', line.credit) +
    money('DebitAmount', line.debit) +
    textElement('Description', chars(line.description, options)) +
    key(
      'GLAccountKey',
      options,
      textElement('Id', chars(line.accountNumber, options)) + booleanElement('IsEncrypted', false),
    ) +
    nilElement('ExchangeRate') +
    nilElement('ExchangeDate')
  );
}
