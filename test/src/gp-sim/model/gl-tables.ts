import type { Numeric5 } from './sql-types';

/**
 * Where a journal entry lives: unposted work (GL10000 header + GL10001
 * lines), posted in an open year (GL20000, one row per line), or in a
 * closed (history) year (GL30000). Posting and the year-end close move it;
 * it is never in two tables at once.
 */
export const GlTable = { work: 'GL10000', open: 'GL20000', history: 'GL30000' } as const;
export type GlTable = (typeof GlTable)[keyof typeof GlTable];

export const GlCharWidth = {
  BACHNUMB: 15,
  BCHSOURC: 15,
  SOURCDOC: 11,
  REFRENCE: 31,
  DSCRIPTN: 31,
  ACTNUMST: 129,
  USERID: 15,
} as const;

/** GL00100/GL00105: an account index and its account number string (segments joined with '-'). */
export interface GlAccount {
  readonly index: number;
  readonly number: string;
  readonly description: string;
}

/** Fabrikam-style chart of accounts the generator and the scenario post to [U: numbers from memory]. */
export const CHART_OF_ACCOUNTS: readonly GlAccount[] = [
  { index: 1, number: '000-1100-00', description: 'Cash - Operating Account' },
  { index: 2, number: '000-1200-00', description: 'Accounts Receivable' },
  { index: 3, number: '000-1300-00', description: 'Inventory' },
  { index: 4, number: '000-1500-00', description: 'Prepaid Expenses' },
  { index: 5, number: '000-2100-00', description: 'Accounts Payable' },
  { index: 6, number: '000-2200-00', description: 'Accrued Expenses' },
  { index: 7, number: '000-4100-00', description: 'Sales' },
  { index: 8, number: '000-5100-00', description: 'Cost of Goods Sold' },
  { index: 9, number: '100-6100-00', description: 'Salaries - Administration' },
  { index: 10, number: '100-6200-00', description: 'Rent' },
  { index: 11, number: '200-6300-00', description: 'Utilities' },
  { index: 12, number: '300-6400-00', description: 'Travel & Entertainment' },
  { index: 13, number: '300-6500-00', description: 'Office Supplies' },
  { index: 14, number: '000-6600-00', description: 'Depreciation Expense' },
];

/** One account line: GL10001 (work) or a GL20000/GL30000 row. Exactly one of debit and credit is non-zero. */
export interface GlLineRow {
  /** SQNCLINE (work) / SEQNUMBR (posted), in steps of 16384. */
  sequence: number;
  /** ACTINDX. */
  accountIndex: number;
  /** GL00105.ACTNUMST, char(129), joined by ACTINDX. */
  accountNumber: string;
  /** DSCRIPTN, char(31). */
  description: string;
  debit: Numeric5;
  credit: Numeric5;
}

/** One journal entry (JRNENTRY) with its lines, in whichever table holds it. */
export interface GlJournalRow {
  table: GlTable;
  journalEntry: number;
  /** OPENYEAR / HSTYEAR; for work, the fiscal year of TRXDATE (the simulated company's fiscal year is the calendar year). */
  year: number;
  batchId: string;
  batchSource: string;
  /** SOURCDOC: GJ (general journal), PMTRX (payables), RECVG (receivings)... */
  sourceDocument: string;
  reference: string;
  /** TRXDATE, date-only. */
  transactionDate: number;
  currencyId: string;
  voided: boolean;
  lines: GlLineRow[];
  /** LASTUSER / the user who posted (PTDUSRID-like). */
  lastUser: string;
  postedBy: string;
  /** DEX_ROW_TS: the newest of header and lines; posting and closing write all rows in one statement. */
  dexRowTs: number;
  dexRowId: number;
}

export function journalTotals(row: GlJournalRow): { debit: Numeric5; credit: Numeric5 } {
  let debit = 0n;
  let credit = 0n;
  for (const line of row.lines) {
    debit += line.debit;
    credit += line.credit;
  }
  return { debit, credit };
}

export function copyJournal(row: GlJournalRow): GlJournalRow {
  return { ...row, lines: row.lines.map((line) => ({ ...line })) };
}

/** The key GP's GLTransactionKey names: JRNENTRY is unique within a fiscal year, not across years. */
export function journalKey(year: number, journalEntry: number): string {
  return `${year}:${journalEntry}`;
}

export function yearOf(dateOnlyMs: number): number {
  return new Date(dateOnlyMs).getUTCFullYear();
}
