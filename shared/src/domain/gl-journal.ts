import type { Static } from 'typebox';
import * as Type from 'typebox';
import { MAX_JOURNAL_LINES } from './field-values';
import { MoneySchema } from './money';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (maxLength: number) => Type.String({ maxLength });

export const GlJournalLineSchema = Type.Object(
  {
    account: Text(129),
    description: Text(31),
    debit: MoneySchema,
    credit: MoneySchema,
  },
  { additionalProperties: false },
);

/**
 * A GL journal entry: ids, dates, totals and its first lines. Posted entries
 * are relayed by default; unposted work only when the agent's config enables it.
 */
export const GlJournalRecordSchema = Type.Object(
  {
    journalEntry: Type.Integer({ minimum: 0 }),
    batchId: Type.Union([Text(15), Type.Null()]),
    sourceDocument: Type.Union([Text(11), Type.Null()]),
    reference: Text(31),
    transactionDate: Type.Union([IsoDate, Type.Null()]),
    /** Work = unposted, open = posted in an open year, history = posted in a closed year. */
    transactionState: Type.Enum(['work', 'open', 'history']),
    debitTotal: MoneySchema,
    creditTotal: MoneySchema,
    lineCount: Type.Integer({ minimum: 0 }),
    lines: Type.Array(GlJournalLineSchema, { maxItems: MAX_JOURNAL_LINES }),
    voided: Type.Boolean(),
    companyName: Text(65),
  },
  { additionalProperties: false },
);
export type GlJournalRecord = Static<typeof GlJournalRecordSchema>;
