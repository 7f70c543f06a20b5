import type { PayablesInvoiceDelta, PayablesInvoiceRecord } from '@gprelay/shared';
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

/**
 * One payables document as a Block Kit message: vendor, document number,
 * amount with currency, due date, status and company, with a plain-text
 * fallback for notifications. Every GP string is escaped.
 */
export function buildInvoiceMessage(delta: PayablesInvoiceDelta): SlackMessage {
  const r = delta.record;
  const kind = KIND_LABEL[r.kind];
  const vendor = escapeMrkdwn(r.vendorName);
  const number = escapeMrkdwn(r.documentNumber || r.voucherNumber);
  const amount = formatMoney(r.amount);
  const status = statusLabel(delta);
  return {
    text: truncate(
      `${kind} ${number} from ${vendor}: ${amount}, due ${formatDate(r.dueDate)} (${status})`,
      3000,
    ),
    blocks: documentBlocks(
      `${STATE_EMOJI[delta.state]} *${kind} ${number}* from *${vendor}*`,
      [
        field('Amount', amount),
        field('Due', formatDate(r.dueDate)),
        field('Status', status),
        field('Company', escapeMrkdwn(r.companyName)),
      ],
      [
        `GP voucher ${escapeMrkdwn(r.voucherNumber)}`,
        r.batchId ? `batch ${escapeMrkdwn(r.batchId)}` : null,
        `vendor ID ${escapeMrkdwn(r.vendorId)}`,
        r.documentDate ? `dated ${formatDate(r.documentDate)}` : null,
      ],
    ),
    metadata: documentMetadata(delta),
  };
}
