/**
 * DateTime as GP's ASMX/XmlSerializer layer prints and reads it. GP keeps
 * DateTime values without a kind (`Unspecified`), so they print with no
 * offset: `2024-05-01T13:22:05.123`; fractional digits are trimmed of
 * trailing zeros and dropped when zero. GP stores them as UTC.
 */
export function formatGpDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-05-01T13:22:05.120Z
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}`;
}

export class XsDateTimeError extends Error {}

/**
 * Reads an xs:dateTime the way XmlSerializer does (RoundtripKind): no offset
 * keeps the wall-clock value, `Z` keeps it as UTC, an explicit offset is
 * converted to the server's local time and the offset is lost, which is a
 * real trap when the server is not on UTC. Returns epoch ms with sub-ms
 * precision (up to 7 fractional digits, like .NET ticks).
 */
export function parseXsDateTime(text: string, serverUtcOffsetMinutes: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/.exec(
    text.trim(),
  );
  if (!match) throw new XsDateTimeError(`The string '${text}' is not a valid AllXsd value.`);
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const wallMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wallMs);
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || Number(s) > 59) {
    throw new XsDateTimeError(`The string '${text}' is not a valid AllXsd value.`);
  }
  const subMs = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  const value = wallMs + subMs;
  if (zone === undefined || zone === 'Z') return value;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return value - offsetMinutes * 60_000 + serverUtcOffsetMinutes * 60_000;
}
