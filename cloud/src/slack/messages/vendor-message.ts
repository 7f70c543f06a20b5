import type { VendorDelta } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

const STATUS_LABEL = { active: 'Active', inactive: 'Inactive', temporary: 'Temporary' } as const;

function facts(delta: VendorDelta) {
  const r = delta.record;
  return {
    name: escapeMrkdwn(r.name),
    id: escapeMrkdwn(r.vendorId),
    status: `${STATUS_LABEL[r.status]}${r.onHold ? ' · On hold' : ''}`,
    classId: r.classId ? escapeMrkdwn(r.classId) : '—',
    terms: r.paymentTerms ? escapeMrkdwn(r.paymentTerms) : '—',
  };
}

/** A vendor master change in Slack: who, and the status and hold it now has. */
export const vendorView: DocumentView<VendorDelta> = {
  message(delta) {
    const r = delta.record;
    const f = facts(delta);
    return {
      text: truncate(`Vendor ${f.id} ${f.name} changed (${f.status})`, 3000),
      blocks: documentBlocks(
        `:busts_in_silhouette: *Vendor ${f.name}* (${f.id}) changed`,
        [
          field('Status', f.status),
          field('Class', f.classId),
          field('Payment terms', f.terms),
          field('Company', escapeMrkdwn(r.companyName)),
        ],
        [r.isOneTime ? 'one-time vendor' : null, r.currency ? `currency ${escapeMrkdwn(r.currency)}` : null],
      ),
    };
  },
  row(delta) {
    const f = facts(delta);
    return `:busts_in_silhouette: *Vendor ${f.name}* (${f.id}) · ${f.status} · terms ${f.terms}`;
  },
  title(delta) {
    const f = facts(delta);
    return `Vendor ${f.name} (${f.id})`;
  },
  shownFields(delta) {
    const f = facts(delta);
    return [
      ['Name', f.name],
      ['Status', f.status],
      ['Class', f.classId],
      ['Payment terms', f.terms],
    ];
  },
};

export function buildVendorMessage(delta: VendorDelta): SlackMessage {
  return { ...vendorView.message(delta), metadata: documentMetadata(delta) };
}
