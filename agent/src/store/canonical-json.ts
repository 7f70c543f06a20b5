/**
 * JSON with object keys sorted (UTF-16 code unit order, as RFC 8785 does) at
 * every depth, so two structurally equal values always give the same text no
 * matter how their keys were inserted. Array order is kept: it is meaningful.
 * Throws on values JSON would silently change (NaN, Infinity, bigint).
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(normalise(value, '$'));
  if (text === undefined) throw new TypeError('$ has no JSON representation');
  return text;
}

function normalise(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot represent`);
    return value;
  }
  if (typeof value === 'bigint') throw new TypeError(`${path} is a bigint, which JSON cannot represent`);
  if (typeof value !== 'object') return undefined;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return normalise(withToJson.toJSON(), path);
  if (Array.isArray(value)) return value.map((item, index) => normalise(item, `${path}[${index}]`) ?? null);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = normalise((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (item !== undefined) sorted[key] = item;
  }
  return sorted;
}
