import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Version of what a document looks like to finance: hex SHA-256 (64 chars) of
 * the canonical JSON of its state and record, less the GP table it sits in.
 * - GP's modification time is not part of it, so a re-read of an untouched
 *   document (lookback window, restart) is the same version and posts nothing.
 * - `transactionState` (work/open/history) is not either: GP moves posted
 *   journals to history at year-end and completed POs when they are removed,
 *   which changes nothing a message shows; where the move does matter
 *   (an invoice posted or paid) the document's state changes with it.
 */
export function documentVersion(document: { state: string; record: object }): string {
  const { transactionState: _table, ...shown } = document.record as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalJson({ state: document.state, record: shown }), 'utf8')
    .digest('hex');
}
