import type { VendorDelta } from '@gprelay/shared';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

const STATUS_LABEL = { active: 'Active', inactive: 'Inactive', temporary: 'Temporary' } as const;

/** A vendor master change: who, and the status and hold it now has. */
export function buildVendorMessage(delta: VendorDelta): SlackMessage {
  const r = delta.record;
  const name = escapeMrkdwn(r.name);
  const status = `${STATUS_LABEL[r.status]}${r.onHold ? ' · On hold' : ''}`;
  return {
    text: truncate(`Vendor ${escapeMrkdwn(r.vendorId)} ${name} changed (${status})`, 3000),
    blocks: documentBlocks(
      `:busts_in_silhouette: *Vendor ${name}* (${escapeMrkdwn(r.vendorId)}) changed`,
      [
        field('Status', status),
        field('Class', r.classId ? escapeMrkdwn(r.classId) : '—'),
        field('Payment terms', r.paymentTerms ? escapeMrkdwn(r.paymentTerms) : '—'),
        field('Company', escapeMrkdwn(r.companyName)),
      ],
      [r.isOneTime ? 'one-time vendor' : null, r.currency ? `currency ${escapeMrkdwn(r.currency)}` : null],
    ),
    metadata: documentMetadata(delta),
  };
}
