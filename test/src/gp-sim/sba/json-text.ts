/**
 * A JSON number written exactly as given. .NET serializes a `decimal` with its
 * scale (numeric(19,5) → `1333.26000`), which JSON.stringify cannot reproduce
 * from a JS number; money must never pass through a float on either side.
 */
export class RawNumber {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) throw new RangeError(`'${text}' is not a JSON number`);
  }
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | RawNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

/** JSON text of a value that may hold RawNumber leaves. */
export function jsonText(value: JsonValue): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
