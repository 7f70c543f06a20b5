import { DYNAMICS_NS, GP_NS } from './gp-namespaces';
import { escapeXml } from './xml-escape';

/** The Context every call carries (research §4.3). */
export interface GpCallContext {
  /** GP company id (CompanyKey.Id), e.g. -1 for Fabrikam. */
  readonly companyId: number;
  /** Culture for messages; 'en-US' by default. */
  readonly cultureName: string;
}

/**
 * `context` in WSDL order: OrganizationKey (abstract, so `xsi:type` names
 * CompanyKey), CultureName, CurrencyType. Transactional: amounts in the
 * document's own currency, as the vendor invoiced them. Context members live
 * in the dynamics/2006/01 namespace, not in GP's.
 */
export function contextXml(context: GpCallContext): string {
  return (
    `<context xmlns:dyn="${DYNAMICS_NS}">` +
    `<dyn:OrganizationKey xsi:type="dyn:CompanyKey"><dyn:Id>${context.companyId}</dyn:Id></dyn:OrganizationKey>` +
    `<dyn:CultureName>${escapeXml(context.cultureName)}</dyn:CultureName>` +
    '<dyn:CurrencyType>Transactional</dyn:CurrencyType>' +
    '</context>'
  );
}

const nil = (name: string) => `<${name} xsi:nil="true" />`;

/**
 * GetPayablesInvoiceList for everything modified at or after `fromGpDateTime`.
 * `From` is the inclusive bound (GreaterThan would drop documents stamped in
 * the same 1/300 s tick as the cursor). The nillable restriction members are
 * minOccurs="1" in the WSDL, so unused ones are sent as xsi:nil. All three
 * transaction states are listed explicitly instead of relying on an
 * unconfirmed server default.
 */
export function getPayablesInvoiceListXml(fromGpDateTime: string, context: GpCallContext): string {
  return (
    `<GetPayablesInvoiceList xmlns="${GP_NS}"><criteria>` +
    `<ModifiedDate>${nil('EqualValue')}${nil('NotEqualValue')}<From>${escapeXml(fromGpDateTime)}</From>${nil('To')}${nil('GreaterThan')}${nil('LessThan')}</ModifiedDate>` +
    `<TransactionState>${nil('EqualValue')}${nil('NotEqualValue')}<Items>` +
    '<PayablesTransactionState>Work</PayablesTransactionState>' +
    '<PayablesTransactionState>Open</PayablesTransactionState>' +
    '<PayablesTransactionState>History</PayablesTransactionState>' +
    '</Items></TransactionState>' +
    `</criteria>${contextXml(context)}</GetPayablesInvoiceList>`
  );
}

/** GetPayablesInvoiceByKey for one voucher number. */
export function getPayablesInvoiceByKeyXml(voucherNumber: string, context: GpCallContext): string {
  return `<GetPayablesInvoiceByKey xmlns="${GP_NS}"><key><Id>${escapeXml(voucherNumber)}</Id></key>${contextXml(context)}</GetPayablesInvoiceByKey>`;
}
