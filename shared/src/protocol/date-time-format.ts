/**
 * The `date-time` format of the wire: an RFC 3339 timestamp as `toISOString()` writes it or with an
 * offset (`2026-11-25T10:00:00.123Z`, `2026-11-25T11:00:00+01:00`), a real calendar date and time of day.
 * Narrower than RFC 3339 and than the format libraries (no space for `T`, no `+01`, no leap second,
 * no RFC 9557 `[zone]` suffix): every string it accepts is one `Date.parse` reads as the same instant,
 * which both sides do with these fields.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours = '0', offsetMinutes = '0'] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!); // not Date.UTC, which reads years 0-99 as 1900-1999
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59
  );
}

/** The formats the frame schemas use, as ajv's generated validators look them up (frame-validators-codegen.ts). */
export const FRAME_FORMATS = { 'date-time': isDateTime };
