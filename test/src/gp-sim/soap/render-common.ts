import { DYNAMICS_NS } from '../../wsdl/wsdl-file';
import { currencyById, FUNCTIONAL_CURRENCY_ID } from '../model/currencies';
import { formatNumeric5, type Numeric5, roundNumeric5 } from '../model/sql-types';
import type { VendorRow } from '../model/tables';
import { formatGpDateTime } from './gp-datetime';
import { CurrencyType } from './request-context';
import { element, textElement } from './xml-writer';

/** How the simulator renders documents; the [U] choices of gp-api.md are options so tests can try both. */
export interface RenderOptions {
  readonly companyId: number;
  readonly currencyType: CurrencyType;
  /**
   * [U] Whether char(n) values come back blank-padded as stored, or trimmed.
   * Default 'padded', so clients prove they trim.
   */
  readonly charPadding: 'padded' | 'trimmed';
  /**
   * [U] Which column backs `ModifiedDate`: DEX_ROW_TS (UTC date and time, the
   * default, matching the criteria docs) or MODIFDT (date only, as Scribe maps it).
   */
  readonly modifiedDateSource: 'dex-row-ts' | 'modifdt';
  vendor(vendorId: string): VendorRow | undefined;
}

const DAY_MS = 86_400_000;

/** The value GP's ModifiedDate reports for a row stamped at `dexRowTs` (MODIFDT is its date). */
export function modifiedMs(dexRowTs: number, options: Pick<RenderOptions, 'modifiedDateSource'>): number {
  return options.modifiedDateSource === 'modifdt' ? Math.floor(dexRowTs / DAY_MS) * DAY_MS : dexRowTs;
}

export function chars(value: string, options: Pick<RenderOptions, 'charPadding'>): string {
  return options.charPadding === 'padded' ? value : value.trimEnd();
}

/** `<Name>2024-05-01T00:00:00</Name>` for a date or instant (epoch ms). */
export function dateElement(name: string, epochMs: number): string {
  return element(name, formatGpDateTime(epochMs));
}

/** A GreatPlainsKey subtype: CompanyKey (its Id in the dynamics namespace), then the key's own members. */
export function key(name: string, options: Pick<RenderOptions, 'companyId'>, members: string): string {
  return element(
    name,
    `<CompanyKey><Id xmlns="${DYNAMICS_NS}">${options.companyId}</Id></CompanyKey>${members}`,
  );
}

/** A key whose only own member is `Id` (VendorKey, BuyerKey, PaymentTermsKey...). */
export function idKey(name: string, options: RenderOptions, id: string): string {
  return key(name, options, textElement('Id', chars(id, options)));
}

/** BatchKey: Source, Id, and [U] CreatedDateTime, which GP does not seem to fill (DateTime.MinValue). */
export function batchKeyXml(source: string, id: string, options: RenderOptions): string {
  return key(
    'BatchKey',
    options,
    textElement('Source', chars(source, options)) +
      textElement('Id', chars(id, options)) +
      element('CreatedDateTime', '0001-01-01T00:00:00'),
  );
}

export function currencyKeyXml(currencyId: string, options: RenderOptions): string {
  const currency = options.currencyType === CurrencyType.local ? FUNCTIONAL_CURRENCY_ID : currencyId;
  return key('CurrencyKey', options, textElement('ISOCode', currencyById(currency).isoCode));
}

/**
 * MoneyAmount: ISO currency, the value printed with the currency's decimal
 * digits [U: GP could print the numeric(19,5) scale], and DecimalDigits.
 * With CurrencyType Local amounts are converted at the document's rate.
 * `xsiType` writes `xsi:type="MoneyAmount"` for members typed as the
 * abstract `Amount` (GLTransactionLine).
 */
export function moneyRenderer(
  currencyId: string,
  exchangeRate: string,
  options: RenderOptions,
  xsiType = false,
): (name: string, value: Numeric5) => string {
  const local = options.currencyType === CurrencyType.local;
  const currency = currencyById(local ? FUNCTIONAL_CURRENCY_ID : currencyId);
  const rate = local ? BigInt(exchangeRate.replace('.', '')) : 1n;
  const open = xsiType ? ' xsi:type="MoneyAmount">' : '>';
  const prefix = `${open}<Currency>${currency.isoCode}</Currency><Value>`;
  const suffix = `</Value><DecimalDigits>${currency.decimalDigits}</DecimalDigits>`;
  const zero = formatNumeric5(0n, currency.decimalDigits);
  return (name, value) => {
    const converted = local ? roundNumeric5((value * rate) / 10_000_000n, currency.decimalDigits) : value;
    const text = converted === 0n ? zero : formatNumeric5(converted, currency.decimalDigits);
    return `<${name}${prefix}${text}${suffix}</${name}>`;
  };
}

/** A Quantity (Value, DecimalDigits) as GP prints item quantities. */
export function quantityXml(name: string, value: Numeric5, decimalDigits = 2): string {
  return element(
    name,
    `<Value>${formatNumeric5(value, decimalDigits)}</Value><DecimalDigits>${decimalDigits}</DecimalDigits>`,
  );
}

export function booleanElement(name: string, value: boolean): string {
  return element(name, value ? 'true' : 'false');
}
