import { linesOf, randomLines } from './general-ledger';
import { GlCharWidth, type GlJournalRow, GlTable, yearOf } from './gl-tables';
import { between, type Rng } from './rng';
import { padChar, roundToSqlDatetime, toDateOnly } from './sql-types';

const DAY_MS = 86_400_000;
const SOURCES = [
  {
    sourceDocument: 'GJ',
    references: ['Accrual adjustment', 'Monthly depreciation', 'Payroll accrual', 'Reclass to prepaid'],
  },
  { sourceDocument: 'PMTRX', references: ['Purchases Journal'] },
  { sourceDocument: 'RECVG', references: ['Receivings Transaction Entry'] },
].map((source) => ({
  sourceDocument: padChar(source.sourceDocument, GlCharWidth.SOURCDOC, 'SOURCDOC'),
  references: source.references.map((text) => padChar(text, GlCharWidth.REFRENCE, 'REFRENCE')),
}));
const BATCH_SOURCE = padChar('GL_Normal', GlCharWidth.BCHSOURC, 'BCHSOURC');
const USER = padChar('sa', GlCharWidth.USERID, 'USERID');
const CURRENCY = padChar('Z-US$', 15, 'CURNCYID');

/**
 * When the simulated company closed a fiscal year: mid-January of the next
 * one, in the evening. Year-End Close moves every posted row of the year in
 * one statement, so its journals share that one DEX_ROW_TS.
 */
export function yearEndCloseAt(year: number): number {
  return Date.UTC(year + 1, 0, 15, 18, 0, 0);
}

/**
 * Seeded journal entries over `spanDays` before `untilMs`: recent ones partly
 * unposted, the rest posted in their (open) year, those of closed years in
 * history. [I] The simulated company restarts journal numbering after each
 * year-end close, so a JRNENTRY can exist in a history year and in the open
 * year: only JRNENTRY + date (GP's GLTransactionKey) tells them apart.
 */
export function generateJournals(
  rng: Rng,
  options: { count: number; untilMs: number; spanDays: number },
): GlJournalRow[] {
  const { untilMs } = options;
  const spanMs = options.spanDays * DAY_MS;
  const entered = Array.from({ length: options.count }, () => untilMs - Math.floor(rng.next() * spanMs));
  entered.sort((a, b) => a - b);
  const batchIds = new Map<number, string>();
  let numberingYear = Number.NaN;
  let next = 1;
  return entered.map((enteredAt, index) => {
    const transactionDate = toDateOnly(enteredAt);
    const year = yearOf(transactionDate);
    if (year !== numberingYear) {
      // A new year continues the numbering while the previous year is still open, and restarts after its close.
      if (!Number.isNaN(numberingYear) && yearEndCloseAt(numberingYear) <= untilMs) next = 1;
      numberingYear = year;
    }
    const closed = yearEndCloseAt(year) <= untilMs;
    const ageDays = (untilMs - enteredAt) / DAY_MS;
    const isWork = !closed && rng.chance(ageDays < 3 ? 0.5 : ageDays < 10 ? 0.1 : 0);
    const postedAt = between(rng, enteredAt, DAY_MS, untilMs);
    const source = rng.chance(0.6) ? SOURCES[0]! : rng.chance(0.75) ? SOURCES[1]! : SOURCES[2]!;
    let batchId = batchIds.get(transactionDate);
    if (batchId === undefined) {
      batchId = padChar(
        `GL${new Date(transactionDate).toISOString().slice(2, 10).replaceAll('-', '')}`,
        GlCharWidth.BACHNUMB,
        'BACHNUMB',
      );
      batchIds.set(transactionDate, batchId);
    }
    const dexRowTs = roundToSqlDatetime(isWork ? enteredAt : closed ? yearEndCloseAt(year) : postedAt);
    return {
      table: isWork ? GlTable.work : closed ? GlTable.history : GlTable.open,
      journalEntry: next++,
      year,
      batchId,
      batchSource: BATCH_SOURCE,
      sourceDocument: source.sourceDocument,
      reference: rng.pick(source.references),
      transactionDate,
      currencyId: CURRENCY,
      voided: false,
      lines: linesOf(randomLines(rng)),
      lastUser: USER,
      postedBy: isWork ? '' : USER,
      dexRowTs,
      dexRowId: index + 1,
    };
  });
}
