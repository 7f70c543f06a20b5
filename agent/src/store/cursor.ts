import { AgentError, AgentErrorCode } from '../errors';

/**
 * High-water mark of one (company, docType): the newest GP modification time
 * seen, and the key that broke the tie at that instant. ISO 8601 UTC.
 */
export interface Cursor {
  modifiedAt: string;
  key: string;
}

/** Orders cursors by (time, key); time by instant, so `...00Z` and `...00.000Z` compare equal. */
export function compareCursors(left: Cursor, right: Cursor): number {
  const byTime = cursorTimeMs(left) - cursorTimeMs(right);
  if (byTime !== 0) return byTime;
  return left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
}

export function cursorTimeMs(cursor: Cursor): number {
  const ms = Date.parse(cursor.modifiedAt);
  if (!Number.isFinite(ms) || !/(Z|[+-]\d\d:\d\d)$/.test(cursor.modifiedAt)) {
    throw new AgentError(
      AgentErrorCode.store,
      `cursor time ${JSON.stringify(cursor.modifiedAt).slice(0, 60)} is not an ISO 8601 UTC time`,
    );
  }
  return ms;
}
