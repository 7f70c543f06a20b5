import type { PayablesInvoiceDelta, PayablesInvoiceRecord } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { formatDate, formatMoney } from './format';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

const KIND_LABEL: Record<PayablesInvoiceRecord['kind'], string> = {
  invoice: 'Invoice',
  'credit-memo': 'Credit memo',
  return: 'Return',
};

const STATE_LABEL: Record<PayablesInvoiceDelta['state'], string> = {
  unposted: 'Unposted',
  posted: 'Posted',
  paid: 'Paid',
  'on-hold': 'On hold',
  voided: 'Voided',
};

const STATE_EMOJI: Record<PayablesInvoiceDelta['state'], string> = {
  unposted: ':memo:',
  posted: ':white_check_mark:',
  paid: ':moneybag:',
  'on-hold': ':double_vertical_bar:',
  voided: ':x:',
};

/** Posting status as finance reads it: GP's posting state, plus the hold flag when the source knows it. */
export function statusLabel(delta: PayablesInvoiceDelta): string {
  const base = STATE_LABEL[delta.state];
  return delta.record.hold === true && delta.state !== 'on-hold' ? `${base} · On hold` : base;
}

function facts(delta: PayablesInvoiceDelta) {
  const r = delta.record;
  return {
    kind: KIND_LABEL[r.kind],
    vendor: escapeMrkdwn(r.vendorName),
    number: escapeMrkdwn(r.documentNumber || r.voucherNumber),
    amount: formatMoney(r.amount),
    due: formatDate(r.dueDate),
    status: statusLabel(delta),
  };
}

/**
 * A payables document in Slack: vendor, document number, amount with
 * currency, due date, status and company, with a plain-text fallback for
 * notifications. Every GP string is escaped.
 */
export const invoiceView: DocumentView<PayablesInvoiceDelta> = {
  message(delta) {
    const r = delta.record;
    const f = facts(delta);
    return {
      text: truncate(`${f.kind} ${f.number} from ${f.vendor}: ${f.amount}, due ${f.due} (${f.status})`, 3000),
      blocks: documentBlocks(
        `${STATE_EMOJI[delta.state]} *${f.kind} ${f.number}* from *${f.vendor}*`,
        [
          field('Amount', f.amount),
          field('Due', f.due),
          field('Status', f.status),
          field('Company', escapeMrkdwn(r.companyName)),
        ],
        [
          `GP voucher ${escapeMrkdwn(r.voucherNumber)}`,
          r.batchId ? `batch ${escapeMrkdwn(r.batchId)}` : null,
          `vendor ID ${escapeMrkdwn(r.vendorId)}`,
          r.documentDate ? `dated ${formatDate(r.documentDate)}` : null,
        ],
      ),
    };
  },
  row(delta) {
    const f = facts(delta);
    return `${STATE_EMOJI[delta.state]} *${f.kind} ${f.number}* · ${f.vendor} · ${f.amount} · due ${f.due} · ${f.status}`;
  },
  title(delta) {
    const f = facts(delta);
    return `${f.kind} ${f.number} from ${f.vendor}`;
  },
  shownFields(delta) {
    const f = facts(delta);
    return [
      ['Status', f.status],
      ['Amount', f.amount],
      ['Due', f.due],
      ['Vendor', f.vendor],
      ['Batch', delta.record.batchId ? escapeMrkdwn(delta.record.batchId) : '—'],
    ];
  },
};

/** The full invoice message with its metadata. */
export function buildInvoiceMessage(delta: PayablesInvoiceDelta): SlackMessage {
  return { ...invoiceView.message(delta), metadata: documentMetadata(delta) };
}
