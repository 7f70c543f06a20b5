import { DocState, type VendorDelta, type VendorRecord } from '@gprelay/shared';
import { FieldReader } from './field-reader';
import { GP_NS } from './gp-namespaces';
import { gpDateOnly, gpDateTimeToIso } from './gp-values';
import { child, isNil, type XmlNode } from './xml-reader';

/** What the list tells about one changed vendor; the phone is only in the summary. */
export interface VendorSummary {
  readonly vendorId: string;
  readonly modifiedAt: string;
  /** PhoneNumbers[0]: `Value`, plus ` x<Extension>` when there is one; null when none. */
  readonly phone: string | null;
}

export function vendorStateOf(record: VendorRecord): VendorDelta['state'] {
  return record.onHold ? DocState.onHold : record.status;
}

export function readVendorSummary(summary: XmlNode): VendorSummary {
  const reader = new FieldReader(summary, 'VendorSummary');
  const vendorId = reader.required(['Key', 'Id']);
  reader.context = `VendorSummary ${vendorId}`;
  const first = reader.items(['PhoneNumbers'], 'PhoneNumber')[0];
  let phone: string | null = null;
  if (first !== undefined) {
    const number = new FieldReader(first, reader.context);
    const value = number.text(['Value']);
    const extension = number.text(['Extension']);
    phone = value === null ? null : extension === null ? value : `${value} x${extension}`;
  }
  return { vendorId, modifiedAt: reader.convert(['ModifiedDate'], gpDateTimeToIso), phone };
}

const MAX_LENGTH = {
  vendorId: 15,
  name: 65,
  classId: 11,
  phone: 21,
  currency: 15,
  paymentTerms: 21,
  companyName: 65,
};

/**
 * Reads GetVendorByKeyResponse. Status: IsActive false → inactive, else
 * IsOneTime → temporary (VENDSTTS 3), else active. The phone comes from the
 * list summary (the full Vendor has none).
 */
export function readVendor(
  response: XmlNode,
  phone: string | null,
  companyName: string,
): VendorRecord | null {
  const vendor = child(response, GP_NS, 'GetVendorByKeyResult');
  if (vendor === undefined || isNil(vendor)) return null;
  const reader = new FieldReader(vendor, 'Vendor');
  const vendorId = reader.required(['Key', 'Id']);
  reader.context = `Vendor ${vendorId}`;
  const isActive = reader.boolean(['IsActive']) ?? true;
  const isOneTime = reader.boolean(['IsOneTime']) ?? false;
  const record: VendorRecord = {
    vendorId,
    name: reader.optional(['Name']) ?? '',
    classId: reader.text(['ClassKey', 'Id']),
    status: !isActive ? 'inactive' : isOneTime ? 'temporary' : 'active',
    onHold: reader.boolean(['IsOnHold']) ?? false,
    isOneTime,
    phone,
    currency: reader.text(['CurrencyKey', 'ISOCode']),
    paymentTerms: reader.text(['PaymentTermsKey', 'Id']),
    createdDate: reader.convertOptional(['CreatedDate'], gpDateOnly),
    companyName,
  };
  reader.checkLengths(record, MAX_LENGTH);
  return record;
}
