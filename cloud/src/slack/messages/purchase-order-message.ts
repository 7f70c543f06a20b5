import type { PurchaseOrderDelta, PurchaseOrderRecord } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { formatDate, formatMoney } from './format';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

const STATUS_LABEL: Record<PurchaseOrderRecord['status'], string> = {
  new: 'New',
  released: 'Released',
  'change-order': 'Change order',
  received: 'Received',
  closed: 'Closed',
  canceled: 'Canceled',
};

const STATE_EMOJI: Record<PurchaseOrderDelta['state'], string> = {
  new: ':new:',
  approved: ':white_check_mark:',
  'change-order': ':pencil2:',
  received: ':package:',
  closed: ':lock:',
  canceled: ':x:',
  'on-hold': ':double_vertical_bar:',
};

function facts(delta: PurchaseOrderDelta) {
  const r = delta.record;
  return {
    number: escapeMrkdwn(r.poNumber),
    vendor: escapeMrkdwn(r.vendorName),
    total: formatMoney(r.total),
    lines: `${r.lineCount} line${r.lineCount === 1 ? '' : 's'}`,
    status: [
      STATUS_LABEL[r.status],
      r.onHold ? 'On hold' : null,
      r.approval ? escapeMrkdwn(r.approval) : null,
    ]
      .filter(Boolean)
      .join(' · '),
    promised: formatDate(r.promisedDate),
  };
}

/** A purchase order in Slack: number, vendor, status (with hold and approval), line count, total, promised date. */
export const purchaseOrderView: DocumentView<PurchaseOrderDelta> = {
  message(delta) {
    const r = delta.record;
    const f = facts(delta);
    return {
      text: truncate(`Purchase order ${f.number} to ${f.vendor}: ${f.total}, ${f.lines} (${f.status})`, 3000),
      blocks: documentBlocks(
        `${STATE_EMOJI[delta.state]} *Purchase order ${f.number}* to *${f.vendor}*`,
        [
          field('Total', f.total),
          field('Lines', String(r.lineCount)),
          field('Status', f.status),
          field('Promised', f.promised),
          field('Company', escapeMrkdwn(r.companyName)),
        ],
        [
          `vendor ID ${escapeMrkdwn(r.vendorId)}`,
          r.buyerId ? `buyer ${escapeMrkdwn(r.buyerId)}` : null,
          r.documentDate ? `dated ${formatDate(r.documentDate)}` : null,
        ],
      ),
    };
  },
  row(delta) {
    const f = facts(delta);
    return `${STATE_EMOJI[delta.state]} *PO ${f.number}* · ${f.vendor} · ${f.total} · ${f.lines} · ${f.status}`;
  },
  title(delta) {
    const f = facts(delta);
    return `Purchase order ${f.number} to ${f.vendor}`;
  },
  shownFields(delta) {
    const f = facts(delta);
    return [
      ['Status', f.status],
      ['Total', f.total],
      ['Lines', String(delta.record.lineCount)],
      ['Promised', f.promised],
      ['Vendor', f.vendor],
    ];
  },
};

export function buildPurchaseOrderMessage(delta: PurchaseOrderDelta): SlackMessage {
  return { ...purchaseOrderView.message(delta), metadata: documentMetadata(delta) };
}
