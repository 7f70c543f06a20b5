/**
 * JSON with object keys sorted at every level. Postgres jsonb does not keep key
 * order, so hashes over stored JSON must be computed over this form.
 *
 * The output is exactly `JSON.stringify` of the value with its keys sorted
 * (every stored audit hash depends on it). Plain JSON data, which is all the
 * audit log holds, is written in one pass; anything else (Dates, `toJSON`,
 * class instances, non-finite numbers, integer-like keys) takes the general path.
 */
export function canonicalJson(value: unknown): string {
  return writePlain(value) ?? JSON.stringify(sortKeys(value));
}

/** Canonical JSON of plain data (null, strings, booleans, finite numbers, arrays, plain objects); null for anything else. */
function writePlain(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          const item = writePlain(value[i]);
          if (item === null) return null;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return null;
      const keys = Object.keys(value);
      // JSON.stringify writes integer-like keys first, in numeric order: left to the general path.
      if (keys.some(isIndexLike)) return null;
      keys.sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const field = (value as Record<string, unknown>)[key];
        if (field === undefined) continue;
        const text = writePlain(field);
        if (text === null) return null;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return null;
  }
}

function isIndexLike(key: string): boolean {
  return key.length > 0 && key.length <= 10 && /^(?:0|[1-9][0-9]*)$/.test(key);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
