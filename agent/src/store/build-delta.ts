import { type Delta, DeltaOp, type DocType } from '@gprelay/shared';
import type { ChangedDocument } from '../gp/gp-source';
import { eventId } from './event-id';
import type { PreviousVendor } from './known-vendors';
import { deltaProblem } from './validate-delta';

/**
 * The delta a poll of `docType` makes of `document`, and why the cloud would
 * refuse it (null: it would not). `previous` (vendors only) goes on the delta
 * unless it is undefined.
 */
export function emittableDelta(
  company: string,
  docType: DocType,
  document: ChangedDocument,
  version: string,
  previous: PreviousVendor = undefined,
): { delta: Delta; problem: string | null } {
  if (document.docType !== docType) {
    const delta = buildDelta(company, docType, document, version, undefined);
    return { delta, problem: `docType is ${document.docType} in a ${docType} poll` };
  }
  const delta = buildDelta(company, docType, document, version, previous);
  const problem = deltaProblem(delta);
  if (problem === null || !previous) return { delta, problem };
  // What the protocol refuses is the earlier record (GP held a value no longer allowed):
  // the change still goes out, without saying what the vendor was before.
  const bare = buildDelta(company, docType, document, version, undefined);
  return { delta: bare, problem: deltaProblem(bare) };
}

function buildDelta(
  company: string,
  docType: DocType,
  document: ChangedDocument,
  version: string,
  previous: PreviousVendor,
): Delta {
  return {
    eventId: eventId(company, docType, document.key, version),
    company,
    docType,
    key: document.key,
    version,
    op: DeltaOp.upsert,
    modifiedAt: document.modifiedAt,
    state: document.state,
    record: document.record,
    ...(previous !== undefined ? { previous } : {}),
  } as Delta;
}
