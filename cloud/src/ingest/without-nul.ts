/**
 * Postgres text and jsonb cannot hold U+0000. GP's SOAP answers never carry it
 * (XML forbids it), but SBA JSON can, and a delta holding one would fail its
 * batch's transaction on every resend: the agent's outbox would stall behind
 * it forever. Such characters become U+FFFD, the rest of the delta unchanged.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}

const ESCAPED_NUL = Buffer.from('\\u0000');

/** True when the JSON text of a frame may hold a U+0000 (its only JSON spelling is the escape). */
export function mayHoldNul(frameBytes: Buffer): boolean {
  return frameBytes.includes(ESCAPED_NUL);
}
