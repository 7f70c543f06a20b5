import { createHash } from 'node:crypto';

/**
 * The id the cloud dedupes on: hex SHA-256 of `JSON.stringify([company, docType,
 * key, version])`. A function of the change alone (no time, no batch, no random
 * part), so the same change re-sent after a retry, reconnect or restart keeps
 * its id. The JSON array keeps fields apart ("a|b" + "c" ≠ "a" + "b|c").
 */
export function eventId(company: string, docType: string, key: string, version: string): string {
  return createHash('sha256')
    .update(JSON.stringify([company, docType, key, version]), 'utf8')
    .digest('hex');
}
