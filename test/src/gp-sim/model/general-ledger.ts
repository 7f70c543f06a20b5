import type { Clock } from '@gprelay/shared';
import {
  CHART_OF_ACCOUNTS,
  copyJournal,
  type GlAccount,
  GlCharWidth,
  type GlJournalRow,
  type GlLineRow,
  GlTable,
  journalKey,
  journalTotals,
  yearOf,
} from './gl-tables';
import { GpSimError } from './gp-sim-error';
import { parseSimDate, type SimDate } from './invoice-input';
import { ModifiedIndex } from './modified-index';
import type { Rng } from './rng';
import { padChar, parseNumeric5, roundToSqlDatetime, toDateOnly } from './sql-types';

/** A journal line: an account number from the chart and a decimal amount on one side. */
export interface JournalLineInput {
  account: string;
  description?: string;
  debit?: string;
  credit?: string;
}

export interface NewJournal {
  transactionDate?: SimDate;
  reference?: string;
  batchId?: string;
  sourceDocument?: string;
  /** Balanced lines; default: two to four random balanced lines. */
  lines?: JournalLineInput[];
}

const ORD_STEP = 16_384;
const SIM_USER = 'sa';
const accountByNumber = new Map(CHART_OF_ACCOUNTS.map((account) => [account.number, account]));

/**
 * The general ledger's transactions: unposted work, posted open-year rows
 * and history-year rows, keyed as GP keys them (fiscal year + JRNENTRY:
 * numbers are unique across work and open years, and may repeat in a closed
 * year once the numbering was reset). Posting and the year-end close move a
 * journal between tables and stamp every row it writes.
 */
export class GeneralLedger {
  private readonly rows = new Map<string, GlJournalRow>();
  private readonly index = new ModifiedIndex();
  private nextEntry = 1;
  private nextRowId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  load(rows: readonly GlJournalRow[]): void {
    for (const row of rows) this.rows.set(journalKey(row.year, row.journalEntry), row);
    this.index.load(rows.map((row) => ({ key: journalKey(row.year, row.journalEntry), ts: row.dexRowTs })));
    for (const row of rows) {
      if (row.table !== GlTable.history) this.nextEntry = Math.max(this.nextEntry, row.journalEntry + 1);
      this.nextRowId = Math.max(this.nextRowId, row.dexRowId + 1);
    }
  }

  get count(): number {
    return this.rows.size;
  }

  /** The journal GetGLTransactionByKey names: JRNENTRY and its transaction date. */
  find(journalEntry: number, transactionDate: number): GlJournalRow | undefined {
    const row = this.rows.get(journalKey(yearOf(transactionDate), journalEntry));
    return row && toDateOnly(transactionDate) === row.transactionDate ? copyJournal(row) : undefined;
  }

  /** The unposted or open-year journal with this number (numbers are unique there), or undefined. */
  current(journalEntry: number): GlJournalRow | undefined {
    const row = this.currentRow(journalEntry);
    return row && copyJournal(row);
  }

  /** Every journal, live rows: do not mutate. */
  all(): IterableIterator<GlJournalRow> {
    return this.rows.values();
  }

  *modifiedBetween(fromMs: number, toMs: number): Generator<GlJournalRow> {
    for (const key of this.index.range(fromMs, toMs)) yield this.rows.get(key)!;
  }

  /** Transaction Entry, Save: an unposted journal in GL10000/GL10001. */
  add(input: NewJournal = {}): GlJournalRow {
    const today = toDateOnly(this.clock.now());
    const transactionDate =
      input.transactionDate === undefined ? today : parseSimDate(input.transactionDate, 'transactionDate');
    const journalEntry = this.nextEntry++;
    const row: GlJournalRow = {
      table: GlTable.work,
      journalEntry,
      year: yearOf(transactionDate),
      batchId: padChar(
        input.batchId ?? `GL${new Date(today).toISOString().slice(2, 10).replaceAll('-', '')}`,
        GlCharWidth.BACHNUMB,
        'BACHNUMB',
      ),
      batchSource: padChar('GL_Normal', GlCharWidth.BCHSOURC, 'BCHSOURC'),
      sourceDocument: padChar(input.sourceDocument ?? 'GJ', GlCharWidth.SOURCDOC, 'SOURCDOC'),
      reference: padChar(input.reference ?? 'Accrual adjustment', GlCharWidth.REFRENCE, 'REFRENCE'),
      transactionDate,
      currencyId: padChar('Z-US$', 15, 'CURNCYID'),
      voided: false,
      lines: linesOf(input.lines ?? randomLines(this.rng)),
      lastUser: padChar(SIM_USER, GlCharWidth.USERID, 'LASTUSER'),
      postedBy: '',
      dexRowTs: 0,
      dexRowId: this.nextRowId++,
    };
    const key = journalKey(row.year, journalEntry);
    if (this.rows.has(key))
      throw new GpSimError(`journal entry ${journalEntry} already exists in ${row.year}`);
    this.rows.set(key, row);
    return this.stamp(row);
  }

  /** Edits unposted work: reference and lines. */
  edit(journalEntry: number, changes: { reference?: string; lines?: JournalLineInput[] }): GlJournalRow {
    const row = this.currentRow(journalEntry);
    if (row === undefined) throw new GpSimError(`journal entry ${journalEntry} does not exist`);
    if (row.table !== GlTable.work) throw new GpSimError(`journal entry ${journalEntry} is posted`);
    const lines = changes.lines === undefined ? row.lines : linesOf(changes.lines);
    if (changes.reference !== undefined)
      row.reference = padChar(changes.reference, GlCharWidth.REFRENCE, 'REFRENCE');
    row.lines = lines;
    return this.stamp(row);
  }

  /** Posting: the lines move from GL10000/GL10001 to GL20000 in the journal's open year. */
  post(journalEntry: number): GlJournalRow {
    const row = this.currentRow(journalEntry);
    if (row === undefined) throw new GpSimError(`journal entry ${journalEntry} does not exist`);
    if (row.table !== GlTable.work) throw new GpSimError(`journal entry ${journalEntry} is already posted`);
    row.table = GlTable.open;
    row.postedBy = padChar(SIM_USER, GlCharWidth.USERID, 'PTDUSRID');
    row.dexRowId = this.nextRowId++;
    return this.stamp(row);
  }

  /**
   * Year-End Close: every posted journal of `year` and earlier moves from
   * GL20000 to GL30000 in one statement, so all of them get the same
   * DEX_ROW_TS. Unposted work stays. Returns how many journals moved.
   */
  closeYear(year: number): number {
    let moved = 0;
    const stampMs = roundToSqlDatetime(this.clock.now());
    for (const row of this.rows.values()) {
      if (row.table !== GlTable.open || row.year > year) continue;
      row.table = GlTable.history;
      row.dexRowId = this.nextRowId++;
      row.dexRowTs = stampMs;
      this.index.upsert(journalKey(row.year, row.journalEntry), stampMs);
      moved++;
    }
    return moved;
  }

  private currentRow(journalEntry: number): GlJournalRow | undefined {
    for (const row of this.rows.values()) {
      if (row.journalEntry === journalEntry && row.table !== GlTable.history) return row;
    }
    return undefined;
  }

  private stamp(row: GlJournalRow): GlJournalRow {
    row.dexRowTs = roundToSqlDatetime(this.clock.now());
    this.index.upsert(journalKey(row.year, row.journalEntry), row.dexRowTs);
    return copyJournal(row);
  }
}

/** Two to four lines that balance: expenses debited, one credit account takes the sum. */
export function randomLines(rng: Rng): JournalLineInput[] {
  const debits = rng.int(1, 3);
  const lines: JournalLineInput[] = [];
  let total = 0;
  for (let i = 0; i < debits; i++) {
    const cents = rng.int(2_500, 2_500_000);
    total += cents;
    const account = rng.pick(CHART_OF_ACCOUNTS.slice(7));
    lines.push({
      account: account.number,
      description: account.description,
      debit: (cents / 100).toFixed(2),
    });
  }
  const credit = rng.pick(CHART_OF_ACCOUNTS.slice(0, 7));
  lines.push({ account: credit.number, description: credit.description, credit: (total / 100).toFixed(2) });
  return lines;
}

/** Validates and converts journal lines: known accounts, one side each, debits equal credits. */
export function linesOf(inputs: readonly JournalLineInput[]): GlLineRow[] {
  if (inputs.length < 2) throw new GpSimError('a journal entry needs at least two lines');
  const lines = inputs.map((input, at): GlLineRow => {
    const account: GlAccount | undefined = accountByNumber.get(input.account);
    if (account === undefined) throw new GpSimError(`account ${input.account} does not exist`);
    const debit = input.debit === undefined ? 0n : parseNumeric5(input.debit);
    const credit = input.credit === undefined ? 0n : parseNumeric5(input.credit);
    if ((debit === 0n) === (credit === 0n) || debit < 0n || credit < 0n)
      throw new GpSimError(`line ${at + 1} needs either a debit or a credit, greater than zero`);
    return {
      sequence: (at + 1) * ORD_STEP,
      accountIndex: account.index,
      accountNumber: padChar(account.number, GlCharWidth.ACTNUMST, 'ACTNUMST'),
      description: padChar(input.description ?? '', GlCharWidth.DSCRIPTN, 'DSCRIPTN'),
      debit,
      credit,
    };
  });
  const totals = journalTotals({ lines } as GlJournalRow);
  if (totals.debit !== totals.credit) throw new GpSimError('the journal entry is out of balance');
  return lines;
}
