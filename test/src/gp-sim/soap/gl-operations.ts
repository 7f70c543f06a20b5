import { GP_NS } from '../../wsdl/wsdl-file';
import type { XmlElement } from '../../wsdl/xml-tree';
import { currencyById } from '../model/currencies';
import { type GlJournalRow, GlTable } from '../model/gl-tables';
import { toDateOnly } from '../model/sql-types';
import { GL_TRANSACTION_STATE, glTransactionSummaryXml, glTransactionXml } from './gl-xml';
import { parseXsDateTime, XsDateTimeError } from './gp-datetime';
import {
  candidateRows,
  criteriaOf,
  keyMember,
  listResponse,
  readIntRestriction,
  requestKey,
} from './list-criteria';
import type { OperationEnv } from './operation-env';
import { renderOptions } from './payables-operations';
import { readContext, readInt32 } from './request-context';
import { readDateRestriction, readEnumRestriction, readStringRestriction } from './restrictions';
import { unreadableRequest } from './soap-fault';

const TABLE_ORDER: Record<GlTable, number> = { [GlTable.work]: 0, [GlTable.open]: 1, [GlTable.history]: 2 };

/**
 * GetGLTransactionList: journal entries in work, open and history years
 * matching GLTransactionCriteria, as GLTransactionSummary; no paging.
 * JournalId is a string restriction over the entry number's digits.
 * [U] Order: work, open, history, then by year and journal entry.
 */
export function getGLTransactionList(payload: XmlElement, env: OperationEnv): string | string[] {
  const operation = 'GetGLTransactionList';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const company = context.company!;
  const member = criteriaOf(payload);
  const modified = readDateRestriction(member('ModifiedDate'), env.serverUtcOffsetMinutes);
  const date = readDateRestriction(member('Date'), env.serverUtcOffsetMinutes);
  const currency = readStringRestriction(member('CurrencyISOCode'));
  const journalId = readStringRestriction(member('JournalId'));
  const batchId = readStringRestriction(member('BatchId'));
  const fiscalYear = readIntRestriction(member('FiscalYear'));
  const sourceDocument = readStringRestriction(member('SourceDocumentId'));
  const state = readEnumRestriction(
    member('TransactionState'),
    'GLTransactionState',
    Object.values(GL_TRANSACTION_STATE),
  );
  const ledger = readEnumRestriction(member('LedgerType'), 'GLLedgerType', ['Base', 'IFRS', 'Local']);
  const render = renderOptions(env, context);
  const modifiedOf = (row: GlJournalRow) =>
    render.modifiedDateSource === 'modifdt' ? toDateOnly(row.dexRowTs) : row.dexRowTs;
  const matches: GlJournalRow[] = [];
  if (ledger === undefined || ledger('Base')) {
    const rows = candidateRows(
      modified,
      (from, to) => company.ledger.modifiedBetween(from, to),
      () => company.ledger.all(),
    );
    for (const row of rows) {
      if (modified && !modified.test(modifiedOf(row))) continue;
      if (date && !date.test(row.transactionDate)) continue;
      if (state && !state(GL_TRANSACTION_STATE[row.table])) continue;
      if (fiscalYear && !fiscalYear(row.year)) continue;
      if (journalId && !journalId(String(row.journalEntry))) continue;
      if (batchId && !batchId(row.batchId)) continue;
      if (sourceDocument && !sourceDocument(row.sourceDocument)) continue;
      if (currency && !currency(currencyById(row.currencyId).isoCode)) continue;
      matches.push(row);
    }
  }
  matches.sort(
    (a, b) =>
      TABLE_ORDER[a.table] - TABLE_ORDER[b.table] || a.year - b.year || a.journalEntry - b.journalEntry,
  );
  return listResponse(operation, 'GLTransactionSummary', matches, (row) =>
    glTransactionSummaryXml(row, render),
  );
}

/** GetGLTransactionByKey: the journal with this JournalId and transaction Date, from any table. */
export function getGLTransactionByKey(payload: XmlElement, env: OperationEnv): string {
  const operation = 'GetGLTransactionByKey';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const key = requestKey(payload);
  const journalText = keyMember(key, 'JournalId');
  const dateText = keyMember(key, 'Date');
  if (journalText === undefined || dateText === undefined) {
    throw env.log.systemException(
      operation,
      'The key of the GL transaction is missing its JournalId or Date.',
    );
  }
  const journalEntry = readInt32(journalText);
  let dateMs: number;
  try {
    dateMs = parseXsDateTime(dateText, env.serverUtcOffsetMinutes);
  } catch (error) {
    if (error instanceof XsDateTimeError) throw unreadableRequest(error.message);
    throw error;
  }
  const row = context.company!.ledger.find(journalEntry, toDateOnly(dateMs));
  if (row === undefined) {
    throw env.log.systemException(
      operation,
      `Business object not found: GLTransaction ${journalEntry} dated ${new Date(toDateOnly(dateMs)).toISOString().slice(0, 10)}.`,
    );
  }
  const body = glTransactionXml(row, renderOptions(env, context));
  return `<${operation}Response xmlns="${GP_NS}"><${operation}Result>${body}</${operation}Result></${operation}Response>`;
}
