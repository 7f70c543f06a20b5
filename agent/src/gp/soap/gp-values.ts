import type { Money } from '@gprelay/shared';

/**
 * Conversions between GP's Web Services values and ours. GP keeps DateTime
 * values kind-less and prints them without an offset (`2024-05-01T13:22:05.123`);
 * they are UTC (research §4.4). Unset dates are 1900-01-01 (or DateTime.MinValue).
 */
export class GpValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpValueError';
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO 8601 instant (`since`) as a GP criteria value: the UTC wall clock,
 * millisecond precision, no offset. No offset on purpose: XmlSerializer
 * turns a value with an offset into the server's local time, which GP would
 * then compare with its UTC stamps; a kind-less value is taken as is.
 */
export function toGpDateTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(isoInstant) || Number.isNaN(ms)) {
    throw new GpValueError(`'${isoInstant}' is not an ISO 8601 date and time`);
  }
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * GP's ModifiedDate as ISO 8601 UTC with `Z` and milliseconds. Digits past
 * the millisecond are cut (never rounded up), so a cursor built from it can
 * only be at or before GP's value and an inclusive lower bound stays inclusive.
 */
export function gpDateTimeToIso(text: string): string {
  const match = DATE_TIME.exec(text.trim());
  if (!match) throw new GpValueError(`'${text}' is not an xs:dateTime`);
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d))
    throw new GpValueError(`'${text}' is not a valid date`);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return new Date(ms).toISOString();
}

/**
 * A date-only GP value (`2024-05-01T00:00:00`) as `YYYY-MM-DD`, or null for
 * GP's "no date" (1900-01-01, 0001-01-01). The date is read literally, never
 * shifted by an offset: it is the user's business date, not an instant.
 */
export function gpDateOnly(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T|$)/.exec(text.trim());
  if (!match) throw new GpValueError(`'${text}' is not an xs:dateTime`);
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  if (date === '1900-01-01' || date === '0001-01-01') return null;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) {
    throw new GpValueError(`'${text}' is not a valid date`);
  }
  return date;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * A MoneyAmount (Value, DecimalDigits, Currency) as our Money: a decimal
 * string written with the currency's decimal digits. Extra zero digits are
 * dropped; non-zero digits beyond DecimalDigits are kept (never rounded away).
 */
export function gpMoney(value: string, decimalDigits: string, currency: string): Money {
  const digits = Number(decimalDigits.trim());
  if (!Number.isInteger(digits) || digits < 0 || digits > 5) {
    throw new GpValueError(`DecimalDigits '${decimalDigits}' is not an integer from 0 to 5`);
  }
  const match = DECIMAL.exec(value.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === ''))
    throw new GpValueError(`'${value}' is not an xs:decimal`);
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  let fraction = match[3] ?? '';
  if (fraction.length > digits) {
    const kept = fraction.slice(0, digits);
    const rest = fraction.slice(digits).replace(/0+$/, '');
    fraction = kept + rest;
  }
  fraction = fraction.padEnd(digits, '0');
  if (fraction.length > 5) throw new GpValueError(`'${value}' has more than 5 decimals`);
  if (whole.length > 15) throw new GpValueError(`'${value}' has more than 15 integer digits`);
  const isZero = /^0*$/.test(whole + fraction);
  const text = `${match[1] === '-' && !isZero ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
  const code = currency.trim();
  if (code === '' || code.length > 15)
    throw new GpValueError(`currency '${currency}' is not a currency code`);
  return { value: text, currency: code, decimalDigits: digits };
}
