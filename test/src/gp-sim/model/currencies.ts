/**
 * The currency table of the sample company (GP's MC40200). Fabrikam's
 * functional currency is `Z-US$`; Web Services report ISO codes.
 * The currency ids are Fabrikam's sample-data ids [U: from memory].
 */
export interface CurrencyRow {
  readonly currencyId: string;
  readonly isoCode: string;
  readonly decimalDigits: number;
  /** Rate to the functional currency (functional = amount × rate), 7 decimals as GP stores it. */
  readonly exchangeRate: string;
}

export const CURRENCIES: readonly CurrencyRow[] = [
  { currencyId: 'Z-US$', isoCode: 'USD', decimalDigits: 2, exchangeRate: '1.0000000' },
  { currencyId: 'Z-C$', isoCode: 'CAD', decimalDigits: 2, exchangeRate: '0.7350000' },
  { currencyId: 'Z-EURO', isoCode: 'EUR', decimalDigits: 2, exchangeRate: '1.0850000' },
  { currencyId: 'Z-YEN', isoCode: 'JPY', decimalDigits: 0, exchangeRate: '0.0068000' },
];

export const FUNCTIONAL_CURRENCY_ID = 'Z-US$';

const byId = new Map(CURRENCIES.map((currency) => [currency.currencyId, currency]));

export function currencyById(currencyId: string): CurrencyRow {
  const currency = byId.get(currencyId.trimEnd());
  if (currency === undefined) throw new RangeError(`unknown currency id '${currencyId.trimEnd()}'`);
  return currency;
}
