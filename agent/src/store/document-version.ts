import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Version of a document's content: hex SHA-256 (64 chars) of the record's
 * canonical JSON. GP's modification time is deliberately not part of it, so a
 * re-read of an untouched document (lookback window, restart) is recognised
 * as the same version and posts nothing.
 */
export function documentVersion(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}
