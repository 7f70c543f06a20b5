import Type, { type Static } from 'typebox';
import { DocState, DocType } from './doc-types';
import { PayablesInvoiceRecordSchema } from './payables-invoice';

export const DeltaOp = { upsert: 'upsert', delete: 'delete' } as const;
export type DeltaOp = (typeof DeltaOp)[keyof typeof DeltaOp];

/** eventId is hex SHA-256 of (company, docType, key, version); see agent/src/store/event-id.ts. */
const EventId = Type.String({ pattern: '^[0-9a-f]{64}$' });

const deltaFields = {
  eventId: EventId,
  company: Type.String({ minLength: 1, maxLength: 65 }),
  key: Type.String({ minLength: 1, maxLength: 100 }),
  version: Type.String({ minLength: 1, maxLength: 64 }),
  op: Type.Enum(Object.values(DeltaOp)),
  modifiedAt: Type.String({ format: 'date-time' }),
  state: Type.Enum(Object.values(DocState)),
};

/**
 * One change to one GP document, as the agent saw it. Deltas are keyed on
 * `docType` so each family carries its own record shape; later doc types add
 * members to this union.
 */
export const PayablesInvoiceDeltaSchema = Type.Object(
  { ...deltaFields, docType: Type.Literal(DocType.payablesInvoice), record: PayablesInvoiceRecordSchema },
  { additionalProperties: false },
);
export const DeltaSchema = Type.Union([PayablesInvoiceDeltaSchema]);
export type PayablesInvoiceDelta = Static<typeof PayablesInvoiceDeltaSchema>;
export type Delta = Static<typeof DeltaSchema>;
