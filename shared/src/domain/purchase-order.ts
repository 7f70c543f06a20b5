import type { Static } from 'typebox';
import * as Type from 'typebox';
import { PurchaseOrderStatus, PurchaseOrderType } from './field-values';
import { MoneySchema } from './money';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const OptionalDate = Type.Union([IsoDate, Type.Null()]);
const Text = (maxLength: number) => Type.String({ maxLength });

/**
 * A purchase order as the Slack message shows it: who, how much, how many
 * lines, where it stands (status, hold, approval workflow) and when it is due.
 * `approval` is the approval workflow's status as GP names it ("Approved",
 * "Pending Approval", ...), null when workflow is not used.
 */
export const PurchaseOrderRecordSchema = Type.Object(
  {
    poNumber: Text(17),
    type: Type.Enum(Object.values(PurchaseOrderType)),
    status: Type.Enum(Object.values(PurchaseOrderStatus)),
    vendorId: Text(15),
    vendorName: Text(65),
    buyerId: Type.Union([Text(15), Type.Null()]),
    lineCount: Type.Integer({ minimum: 0 }),
    total: MoneySchema,
    remainingSubtotal: Type.Union([MoneySchema, Type.Null()]),
    documentDate: OptionalDate,
    promisedDate: OptionalDate,
    requestedDate: OptionalDate,
    onHold: Type.Union([Type.Boolean(), Type.Null()]),
    approval: Type.Union([Text(40), Type.Null()]),
    /** GP keeps active POs in work tables and closed/canceled ones, once removed, in history. */
    transactionState: Type.Enum(['work', 'history']),
    companyName: Text(65),
  },
  { additionalProperties: false },
);
export type PurchaseOrderRecord = Static<typeof PurchaseOrderRecordSchema>;
