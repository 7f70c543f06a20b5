import type { Static } from 'typebox';
import * as Type from 'typebox';
import { MoneySchema } from './money';

/** GP payables document types the product relays (GP DOCTYPE 1, 4, 5). */
export const PayablesDocumentKind = {
  invoice: 'invoice',
  return: 'return',
  creditMemo: 'credit-memo',
} as const;
export type PayablesDocumentKind = (typeof PayablesDocumentKind)[keyof typeof PayablesDocumentKind];

/** Where GP keeps the document: work = unposted, open = posted, history = fully applied. */
export const PayablesTransactionState = { work: 'work', open: 'open', history: 'history' } as const;
export type PayablesTransactionState =
  (typeof PayablesTransactionState)[keyof typeof PayablesTransactionState];

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (maxLength: number) => Type.String({ maxLength });

/**
 * What a payables invoice delta carries: everything the Slack message shows.
 * `hold` is null when the source cannot tell (GP Web Services does not expose
 * the payables hold flag; see shared/research/gp-api.md §4.7).
 */
export const PayablesInvoiceRecordSchema = Type.Object(
  {
    voucherNumber: Text(21),
    kind: Type.Enum(Object.values(PayablesDocumentKind)),
    documentNumber: Text(21),
    vendorId: Text(15),
    vendorName: Text(65),
    amount: MoneySchema,
    documentDate: Type.Union([IsoDate, Type.Null()]),
    dueDate: Type.Union([IsoDate, Type.Null()]),
    batchId: Type.Union([Text(15), Type.Null()]),
    transactionState: Type.Enum(Object.values(PayablesTransactionState)),
    hold: Type.Union([Type.Boolean(), Type.Null()]),
    voided: Type.Boolean(),
    companyName: Text(65),
  },
  { additionalProperties: false },
);
export type PayablesInvoiceRecord = Static<typeof PayablesInvoiceRecordSchema>;
