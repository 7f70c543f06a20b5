import { DocType, type VendorRecord } from '@gprelay/shared';
import type { ChangedDocumentOf } from '../gp-source';
import { vendorStateOf } from '../soap/vendor-mapper';
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
  /** GP's PHNUMBR1: 14 digits (number + extension) read as `3125550123 x1234`; other text as is. */
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
    phone: phoneOf(reader.text(fields.phone)),
    currency: reader.text(fields.currency) ?? null,
    paymentTerms: reader.text(fields.paymentTerms) ?? null,
    createdDate: reader.convertOptional(fields.createdDate, sbaDate),
    companyName,
  };
  return {
    docType: DocType.vendor,
    key: vendorId,
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    state: vendorStateOf(record),
    record,
  };
}

function statusOf(text: string): VendorRecord['status'] {
  const status = STATUSES[text.toLowerCase()];
  if (status === undefined) throw new GpValueError(`'${text}' is not Active, Inactive or Temporary`);
  return status;
}

/**
 * [U] A raw PHNUMBR1 (10 digits of number, 4 of extension, unformatted) as
 * the SOAP adapter reports a Web Services PhoneNumber: the number, then
 * ` x<extension>` when the extension is not all zeros.
 */
function phoneOf(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^\d{14}$/.test(text)) return text;
  const extension = text.slice(10).replace(/^0+$/, '');
  return extension === '' ? text.slice(0, 10) : `${text.slice(0, 10)} x${extension}`;
}
