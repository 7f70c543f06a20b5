import type { VendorDelta, VendorRecord } from '@gprelay/shared';
import { escapeMrkdwn } from './mrkdwn';

export const VENDOR_STATUS_LABEL = {
  active: 'Active',
  inactive: 'Inactive',
  temporary: 'Temporary',
} as const;

/**
 * A vendor created this long before the change the agent reports as its first
 * sight of it is an old vendor the agent missed, not a new one: the message
 * then says "changed". Generous, since an agent that was down for a while
 * first sees a new vendor late.
 */
const NEW_VENDOR_MAX_AGE_MS = 31 * 86_400_000;

const orDash = (text: string | null) => (text ? escapeMrkdwn(text) : '—');

/** The labelled vendor fields finance reads, GP text escaped; "what changed" compares these. */
export function vendorFields(r: VendorRecord): Array<[label: string, value: string]> {
  return [
    ['Name', escapeMrkdwn(r.name)],
    ['Status', VENDOR_STATUS_LABEL[r.status]],
    ['On hold', r.onHold ? 'Yes' : 'No'],
    ['Class', orDash(r.classId)],
    ['Payment terms', orDash(r.paymentTerms)],
    ['Currency', orDash(r.currency)],
  ];
}

/** How a vendor change reads: the headline verb, and a "Label: before → after" line per field that changed. */
export interface VendorChange {
  /** "created", "put on hold", "inactivated and put on hold", "reactivated", … or "changed". */
  verb: string;
  /** Escaped mrkdwn, e.g. "On hold: No → Yes"; empty when the delta cannot say (no `previous`). */
  changes: string[];
}

/**
 * What a vendor delta says happened, from its `previous`: absent (an agent
 * that cannot say) reads "changed" with no list; `null` (a vendor new to the
 * agent) reads "created" unless GP's creation date is long before the change.
 */
export function vendorChange(delta: VendorDelta): VendorChange {
  const { previous, record } = delta;
  if (previous === undefined) return { verb: 'changed', changes: [] };
  if (previous === null)
    return { verb: isNew(record, delta.modifiedAt) ? 'created' : 'changed', changes: [] };
  const before = new Map(vendorFields(previous));
  const changes = vendorFields(record)
    .filter(([label, value]) => before.get(label) !== value)
    .map(([label, value]) => `${label}: ${before.get(label)} → ${value}`);
  const verbs: string[] = [];
  const wasInactive = previous.status === 'inactive';
  if (!wasInactive && record.status === 'inactive') verbs.push('inactivated');
  if (wasInactive && record.status !== 'inactive') verbs.push('reactivated');
  if (!previous.onHold && record.onHold) verbs.push('put on hold');
  if (previous.onHold && !record.onHold) verbs.push('released from hold');
  return { verb: verbs.length > 0 ? verbs.join(' and ') : 'changed', changes };
}

function isNew(record: VendorRecord, modifiedAt: string): boolean {
  if (record.createdDate === null) return true;
  const ageMs = Date.parse(modifiedAt) - Date.parse(`${record.createdDate}T00:00:00Z`);
  return !(ageMs > NEW_VENDOR_MAX_AGE_MS);
}
