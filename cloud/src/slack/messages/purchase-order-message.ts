import type { PurchaseOrderDelta, PurchaseOrderRecord } from '@gprelay/shared';
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

/** A purchase order: number, vendor, status (with hold and approval), line count, total, promised date. */
export function buildPurchaseOrderMessage(delta: PurchaseOrderDelta): SlackMessage {
  const r = delta.record;
  const number = escapeMrkdwn(r.poNumber);
  const vendor = escapeMrkdwn(r.vendorName);
  const total = formatMoney(r.total);
  const status = [
    STATUS_LABEL[r.status],
    r.onHold ? 'On hold' : null,
    r.approval ? escapeMrkdwn(r.approval) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = `${r.lineCount} line${r.lineCount === 1 ? '' : 's'}`;
  return {
    text: truncate(`Purchase order ${number} to ${vendor}: ${total}, ${lines} (${status})`, 3000),
    blocks: documentBlocks(
      `${STATE_EMOJI[delta.state]} *Purchase order ${number}* to *${vendor}*`,
      [
        field('Total', total),
        field('Lines', String(r.lineCount)),
        field('Status', status),
        field('Promised', formatDate(r.promisedDate)),
        field('Company', escapeMrkdwn(r.companyName)),
      ],
      [
        `vendor ID ${escapeMrkdwn(r.vendorId)}`,
        r.buyerId ? `buyer ${escapeMrkdwn(r.buyerId)}` : null,
        r.documentDate ? `dated ${formatDate(r.documentDate)}` : null,
      ],
    ),
    metadata: documentMetadata(delta),
  };
}
