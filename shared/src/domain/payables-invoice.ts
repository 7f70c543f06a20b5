import type { Static } from 'typebox';
import * as Type from 'typebox';
import { PayablesDocumentKind, PayablesTransactionState } from './field-values';
import { MoneySchema } from './money';

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
