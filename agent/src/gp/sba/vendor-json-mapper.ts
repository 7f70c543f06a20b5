import { DocState, DocType, type VendorDelta, type VendorRecord } from '@gprelay/shared';
import type { ChangedDocumentOf } from '../gp-source';
import { type JsonObject, JsonRecord, type ListedItem } from './json-record';
import { GpValueError, sbaBoolean, sbaDate, sbaInstant } from './sba-values';

/** JSON member names of a vendor; defaults are the simulator's convention [U]. */
export const VENDOR_FIELDS = {
  vendorId: 'VendorId',
  name: 'VendorName',
  classId: 'ClassId',
  /** Active / Inactive / Temporary, or VENDSTTS 1 / 2 / 3. */
  status: 'Status',
  onHold: 'IsOnHold',
  /** Absent member → Temporary status counts as one-time (as Scribe maps VENDSTTS 3). */
  isOneTime: 'IsOneTime',
  phone: 'Phone1',
  currency: 'CurrencyISOCode',
  paymentTerms: 'PaymentTermsId',
  createdDate: 'CreatedDate',
  modifiedDate: 'ModifiedDate',
} as const;
export type VendorFields = { -readonly [K in keyof typeof VENDOR_FIELDS]: string };

const STATUSES: Record<string, VendorRecord['status']> = {
  active: 'active',
  '1': 'active',
  inactive: 'inactive',
  '2': 'inactive',
  temporary: 'temporary',
  '3': 'temporary',
};

/** Key and ModifiedDate of a vendor list item. */
export function vendorListed(item: JsonObject, fields: VendorFields): ListedItem {
  const reader = new JsonRecord(item, 'SBA vendor');
  const key = reader.required(fields.vendorId);
  reader.context = `SBA vendor ${key}`;
  return { key, modifiedAt: reader.convert(fields.modifiedDate, sbaInstant), relayed: true };
}

/** One vendor of an SBA answer as the change the poller relays; a hold wins over the status. */
export function readVendorJson(
  item: JsonObject,
  fields: VendorFields,
  companyName: string,
): ChangedDocumentOf<typeof DocType.vendor> {
  const reader = new JsonRecord(item, 'SBA vendor');
  const vendorId = reader.required(fields.vendorId);
  reader.context = `SBA vendor ${vendorId}`;
  const status = reader.convert(fields.status, statusOf);
  const record: VendorRecord = {
    vendorId,
    name: reader.text(fields.name) ?? '',
    classId: reader.text(fields.classId) ?? null,
    status,
    onHold: reader.boolean(fields.onHold, sbaBoolean) ?? false,
    isOneTime: reader.boolean(fields.isOneTime, sbaBoolean) ?? status === 'temporary',
    phone: reader.text(fields.phone) ?? null,
    currency: reader.text(fields.currency) ?? null,
    paymentTerms: reader.text(fields.paymentTerms) ?? null,
    createdDate: reader.convertOptional(fields.createdDate, sbaDate),
    companyName,
  };
  const state: VendorDelta['state'] = record.onHold ? DocState.onHold : status;
  return {
    docType: DocType.vendor,
    key: vendorId,
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    state,
    record,
  };
}

function statusOf(text: string): VendorRecord['status'] {
  const status = STATUSES[text.toLowerCase()];
  if (status === undefined) throw new GpValueError(`'${text}' is not Active, Inactive or Temporary`);
  return status;
}
