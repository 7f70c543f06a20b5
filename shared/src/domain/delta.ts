import type { Static } from 'typebox';
import * as Type from 'typebox';
import { DocType, STATES_OF } from './doc-types';
import { DeltaOp } from './field-values';
import { GlJournalRecordSchema } from './gl-journal';
import { PayablesInvoiceRecordSchema } from './payables-invoice';
import { PurchaseOrderRecordSchema } from './purchase-order';
import { VendorRecordSchema } from './vendor';

/** eventId is hex SHA-256 of (company, docType, key, version); see agent/src/store/event-id.ts. */
const EventId = Type.String({ pattern: '^[0-9a-f]{64}$' });

const deltaFields = {
  eventId: EventId,
  company: Type.String({ minLength: 1, maxLength: 65 }),
  key: Type.String({ minLength: 1, maxLength: 100 }),
  version: Type.String({ minLength: 1, maxLength: 64 }),
  op: Type.Enum(Object.values(DeltaOp)),
  modifiedAt: Type.String({ format: 'date-time' }),
};

/**
 * One change to one GP document, as the agent saw it. Deltas are keyed on
 * `docType`, so each family carries its own record shape and its own states.
 */
export const PayablesInvoiceDeltaSchema = Type.Object(
  {
    ...deltaFields,
    docType: Type.Literal(DocType.payablesInvoice),
    state: Type.Enum(STATES_OF['payables-invoice']),
    record: PayablesInvoiceRecordSchema,
  },
  { additionalProperties: false },
);
export const PurchaseOrderDeltaSchema = Type.Object(
  {
    ...deltaFields,
    docType: Type.Literal(DocType.purchaseOrder),
    state: Type.Enum(STATES_OF['purchase-order']),
    record: PurchaseOrderRecordSchema,
  },
  { additionalProperties: false },
);
export const GlJournalDeltaSchema = Type.Object(
  {
    ...deltaFields,
    docType: Type.Literal(DocType.glJournal),
    state: Type.Enum(STATES_OF['gl-journal']),
    record: GlJournalRecordSchema,
  },
  { additionalProperties: false },
);
/**
 * A vendor delta may say what the vendor looked like before, so the cloud can
 * tell what changed even the first time it sees the vendor:
 * - a record: the last version the agent knew (emitted, or seen when it first
 *   read the vendor table);
 * - `null`: the agent knew the whole vendor table and this vendor was not in
 *   it, so it is new;
 * - absent: the agent cannot say (an older agent, or the vendor table not read yet).
 * Optional and additive: a cloud must accept vendor deltas without it. A cloud
 * that predates it refuses deltas carrying it, so clouds are upgraded first.
 */
export const VendorDeltaSchema = Type.Object(
  {
    ...deltaFields,
    docType: Type.Literal(DocType.vendor),
    state: Type.Enum(STATES_OF.vendor),
    record: VendorRecordSchema,
    previous: Type.Optional(Type.Union([VendorRecordSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export const DeltaSchema = Type.Union([
  PayablesInvoiceDeltaSchema,
  PurchaseOrderDeltaSchema,
  GlJournalDeltaSchema,
  VendorDeltaSchema,
]);
export type PayablesInvoiceDelta = Static<typeof PayablesInvoiceDeltaSchema>;
export type PurchaseOrderDelta = Static<typeof PurchaseOrderDeltaSchema>;
export type GlJournalDelta = Static<typeof GlJournalDeltaSchema>;
export type VendorDelta = Static<typeof VendorDeltaSchema>;
export type Delta = Static<typeof DeltaSchema>;
/** The delta of one document family. */
export type DeltaOf<T extends DocType> = Extract<Delta, { docType: T }>;
/** The record of one document family. */
export type RecordOf<T extends DocType> = DeltaOf<T>['record'];
