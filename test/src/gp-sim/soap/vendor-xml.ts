import { type VendorRow, VendorStatus } from '../model/tables';
import {
  booleanElement,
  chars,
  currencyKeyXml,
  dateElement,
  idKey,
  key,
  modifiedMs,
  type RenderOptions,
} from './render-common';
import { element, nilElement, textElement } from './xml-writer';

/**
 * PHNUMBR1 as a PhoneNumber: GP stores 10 digits of number and 4 of
 * extension; [U] Web Services split them into Value and Extension.
 */
function phoneNumbersXml(row: VendorRow): string {
  const digits = row.phone.trim();
  if (digits === '') return '<PhoneNumbers />';
  const value = digits.slice(0, 10);
  const extension = digits.slice(10).replace(/^0+$/, '');
  return element(
    'PhoneNumbers',
    `<PhoneNumber>${textElement('Value', value)}${textElement('Extension', extension === '' ? undefined : extension)}</PhoneNumber>`,
  );
}

/** IsActive is VENDSTTS ≠ Inactive; IsOneTime is VENDSTTS = Temporary (as Scribe maps it, gp-api.md §5.4). */
function flagsXml(row: VendorRow): string {
  return (
    booleanElement('IsOnHold', row.hold) +
    booleanElement('IsActive', row.status !== VendorStatus.inactive) +
    booleanElement('IsOneTime', row.status === VendorStatus.temporary)
  );
}

/** VendorSummary members in WSDL order. */
export function vendorSummaryXml(row: VendorRow, options: RenderOptions): string {
  return (
    idKey('Key', options, row.vendorId) +
    textElement('Name', chars(row.name, options)) +
    idKey('ClassKey', options, row.classId) +
    textElement('State', chars(row.state, options)) +
    phoneNumbersXml(row) +
    dateElement('CreatedDate', row.createdDate) +
    dateElement('ModifiedDate', vendorModified(row, options)) +
    flagsXml(row)
  );
}

/**
 * The full Vendor in WSDL order. Members GP would leave empty (comments,
 * tax ids, GL accounts, addresses list) are left out; required ones carry
 * the defaults of a vendor created in Vendor Maintenance.
 */
export function vendorXml(row: VendorRow, options: RenderOptions): string {
  const addressKey = (name: string) =>
    key(
      name,
      options,
      idKey('VendorKey', options, row.vendorId) + textElement('Id', chars('PRIMARY', options)),
    );
  return (
    idKey('Key', options, row.vendorId) +
    textElement('Name', chars(row.name, options)) +
    textElement('ShortName', chars(row.shortName, options)) +
    textElement('CheckName', chars(row.name, options)) +
    flagsXml(row) +
    idKey('ClassKey', options, row.classId) +
    addressKey('DefaultAddressKey') +
    addressKey('PurchaseAddressKey') +
    addressKey('RemitToAddressKey') +
    addressKey('ShipFromAddressKey') +
    currencyKeyXml(row.currencyId, { ...options, currencyType: 'Transactional' }) +
    idKey('PaymentTermsKey', options, row.paymentTermsId) +
    element('DiscountGracePeriod', '0') +
    element('DueDateGracePeriod', '0') +
    element('Tax1099Type', 'None') +
    nilElement('Tax1099BoxNumber') +
    nilElement('FreeOnBoard') +
    booleanElement('AllowRevaluation', true) +
    element('PostResultsTo', 'Payables/Discount Account') +
    nilElement('DefaultCashAccountType') +
    dateElement('CreatedDate', row.createdDate) +
    dateElement('ModifiedDate', vendorModified(row, options)) +
    element('WorkflowPriority', 'Normal')
  );
}

function vendorModified(row: VendorRow, options: RenderOptions): number {
  return options.modifiedDateSource === 'modifdt' ? row.modifiedDate : modifiedMs(row.dexRowTs, options);
}
