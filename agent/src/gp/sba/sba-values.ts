import { GpValueError, gpDateOnly, gpDateTimeToIso } from '../soap/gp-values';

/**
 * SBA JSON values as ours. Nothing of SBA's JSON was ever captured (gp-api.md
 * §8), so readers accept each spelling a .NET server plausibly writes [U]:
 * - instants: ISO 8601 with `Z`, an offset, or none (then UTC, GP's
 *   convention, as Json.NET writes a kind-less SQL datetime), or WCF's
 *   `/Date(1714569725123)/` (epoch ms, UTC; a `+hhmm` suffix is informational);
 * - booleans: JSON true/false, "true"/"false", 1/0 (tinyint columns);
 * - numbers: strings of their exact digits (see lossless-json.ts).
 */
const WCF_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** A ModifiedDate-like instant as ISO 8601 UTC with `Z` and milliseconds (sub-ms digits cut, never rounded up). */
export function sbaInstant(text: string): string {
  const wcf = WCF_DATE.exec(text.trim());
  if (wcf) return new Date(Number(wcf[1])).toISOString();
  return gpDateTimeToIso(text);
}

/**
 * A date-only value (DOCDATE, DUEDATE...) as YYYY-MM-DD, or null for GP's
 * "no date" (1900-01-01). The calendar date is read as written, never shifted:
 * it is a business date, not an instant. For `/Date(ms+hhmm)/` that is the
 * wall-clock date at the given offset (UTC without one) [U].
 */
export function sbaDate(text: string): string | null {
  const wcf = WCF_DATE.exec(text.trim());
  if (!wcf) return gpDateOnly(text);
  const zone = wcf[2];
  const offsetMs =
    zone === undefined
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  return gpDateOnly(new Date(Number(wcf[1]) + offsetMs).toISOString());
}

export function sbaBoolean(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new GpValueError(`'${value}' is not a boolean`);
}

/**
 * How many decimals a currency shows, when the answer does not say: the ISO
 * 4217 minor unit as ICU knows it (USD 2, JPY 0, BHD 3); 2 for a code ICU
 * does not know (GP currency ids like `Z-US$` are not ISO codes).
 */
export function isoDecimalDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export { GpValueError };
