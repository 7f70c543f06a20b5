/**
 * SQL Server column semantics the GP tables rely on (shared/research/gp-api.md §5.3).
 * Times are epoch milliseconds in UTC; money is a bigint of 1/100000 units.
 */

/** `datetime` keeps 1/300 s ticks; .NET reads it back rounded to whole ms (.000/.003/.007). */
export function roundToSqlDatetime(epochMs: number): number {
  const ticks = Math.round((epochMs * 3) / 10);
  return Math.round((ticks * 10) / 3);
}

const DAY_MS = 86_400_000;

/** Midnight (UTC) of the day holding `epochMs`: the CHECK constraint on MODIFDT and other date-only columns. */
export function toDateOnly(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

export function addDays(dateOnlyMs: number, days: number): number {
  return dateOnlyMs + days * DAY_MS;
}

/** GP's "no date": 1900-01-01, the value unset datetime columns hold. */
export const SQL_EMPTY_DATE = Date.UTC(1900, 0, 1);

/** `char(n)`: blank-padded to the column width. Longer values are an error, as in SQL (truncation is refused). */
export function padChar(value: string, width: number, column: string): string {
  if (value.length > width) {
    throw new RangeError(`${column} is char(${width}); '${value}' has ${value.length} characters`);
  }
  return value.padEnd(width, ' ');
}

/** SQL comparison under a CI collation: trailing blanks and letter case do not count. */
export function sqlKey(value: string): string {
  return value.replace(/ +$/, '').toUpperCase();
}

/** numeric(19,5) as a bigint count of 1/100000. */
export type Numeric5 = bigint;

export const NUMERIC_SCALE = 5;
const SCALE = 100_000n;
const NUMERIC_19_5_MAX = 10n ** 19n - 1n;

/** Parses a decimal string (`'1250.5'`, `'-0.01'`) into numeric(19,5); more than 5 decimals is an error. */
export function parseNumeric5(text: string): Numeric5 {
  const match = /^([+-])?(\d+)(?:\.(\d{0,5}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`'${text}' is not a decimal with at most ${NUMERIC_SCALE} decimals`);
  const value = BigInt(match[2]!) * SCALE + BigInt((match[3] ?? '').padEnd(NUMERIC_SCALE, '0'));
  if (value > NUMERIC_19_5_MAX) throw new RangeError(`'${text}' does not fit numeric(19,5)`);
  return match[1] === '-' ? -value : value;
}

/** Rounds half away from zero to `decimals` (0..5) and prints with exactly that many decimals. */
export function formatNumeric5(value: Numeric5, decimals: number): string {
  const drop = 10n ** BigInt(NUMERIC_SCALE - decimals);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const rounded = (magnitude + drop / 2n) / drop;
  const unit = 10n ** BigInt(decimals);
  const whole = (rounded / unit).toString();
  const fraction = decimals === 0 ? '' : `.${(rounded % unit).toString().padStart(decimals, '0')}`;
  return `${negative && rounded !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** Rounds half away from zero to a multiple of 10^-decimals, staying in numeric(19,5) units. */
export function roundNumeric5(value: Numeric5, decimals: number): Numeric5 {
  const drop = 10n ** BigInt(NUMERIC_SCALE - decimals);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const rounded = ((magnitude + drop / 2n) / drop) * drop;
  return negative ? -rounded : rounded;
}
