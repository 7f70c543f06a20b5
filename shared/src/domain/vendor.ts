import type { Static } from 'typebox';
import * as Type from 'typebox';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (maxLength: number) => Type.String({ maxLength });

/**
 * A vendor master record (PM00200) as far as finance cares: identity, status,
 * hold. What changed is worked out from the delta's `previous` (the version
 * the agent knew before; see VendorDeltaSchema) or, for a vendor the cloud has
 * posted already, from the version it posted.
 */
export const VendorRecordSchema = Type.Object(
  {
    vendorId: Text(15),
    name: Text(65),
    classId: Type.Union([Text(11), Type.Null()]),
    status: Type.Enum(['active', 'inactive', 'temporary']),
    onHold: Type.Boolean(),
    isOneTime: Type.Boolean(),
    phone: Type.Union([Text(21), Type.Null()]),
    currency: Type.Union([Text(15), Type.Null()]),
    paymentTerms: Type.Union([Text(21), Type.Null()]),
    createdDate: Type.Union([IsoDate, Type.Null()]),
    companyName: Text(65),
  },
  { additionalProperties: false },
);
export type VendorRecord = Static<typeof VendorRecordSchema>;
