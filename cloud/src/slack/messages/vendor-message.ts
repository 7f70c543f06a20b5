import type { VendorDelta } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';
import { VENDOR_STATUS_LABEL, vendorChange, vendorFields } from './vendor-changes';

function facts(delta: VendorDelta) {
  const r = delta.record;
  return {
    name: escapeMrkdwn(r.name),
    id: escapeMrkdwn(r.vendorId),
    status: `${VENDOR_STATUS_LABEL[r.status]}${r.onHold ? ' · On hold' : ''}`,
    classId: r.classId ? escapeMrkdwn(r.classId) : '—',
    terms: r.paymentTerms ? escapeMrkdwn(r.paymentTerms) : '—',
  };
}

/**
 * A vendor master change in Slack: who, what happened ("put on hold",
 * "inactivated", "created"), each changed field as "before → after", and the
 * status, class and terms it now has.
 */
export const vendorView: DocumentView<VendorDelta> = {
  message(delta) {
    const r = delta.record;
    const f = facts(delta);
    const { verb, changes } = vendorChange(delta);
    const list = changes.map((change) => `\n• ${change}`).join('');
    const summary = changes.length > 0 ? changes.join('; ') : f.status;
    return {
      text: truncate(`Vendor ${f.id} ${f.name} ${verb} (${summary})`, 3000),
      blocks: documentBlocks(
        `:busts_in_silhouette: *Vendor ${f.name}* (${f.id}) ${verb}${list}`,
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
    const { verb, changes } = vendorChange(delta);
    // An agent that cannot say what happened gets the row it always had.
    const what = delta.previous === undefined ? '' : ` ${verb}`;
    const detail = changes.length > 0 ? changes.join(' · ') : `${f.status} · terms ${f.terms}`;
    return `:busts_in_silhouette: *Vendor ${f.name}* (${f.id})${what} · ${detail}`;
  },
  title(delta) {
    const f = facts(delta);
    return `Vendor ${f.name} (${f.id})`;
  },
  shownFields(delta) {
    return vendorFields(delta.record);
  },
};

export function buildVendorMessage(delta: VendorDelta): SlackMessage {
  return { ...vendorView.message(delta), metadata: documentMetadata(delta) };
}
