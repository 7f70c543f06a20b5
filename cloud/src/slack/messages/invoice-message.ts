import type { PayablesInvoiceDelta, PayablesInvoiceRecord } from '@gprelay/shared';
import { formatDate, formatMoney } from './format';
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
  const field = (label: string, value: string) => ({
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${value}`, 2000),
  });
  const context = [
    `GP voucher ${escapeMrkdwn(r.voucherNumber)}`,
    r.batchId ? `batch ${escapeMrkdwn(r.batchId)}` : null,
    `vendor ID ${escapeMrkdwn(r.vendorId)}`,
    r.documentDate ? `dated ${formatDate(r.documentDate)}` : null,
  ].filter((part): part is string => part !== null);
  return {
    text: truncate(
      `${kind} ${number} from ${vendor}: ${amount}, due ${formatDate(r.dueDate)} (${status})`,
      3000,
    ),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(`${STATE_EMOJI[delta.state]} *${kind} ${number}* from *${vendor}*`, 3000),
        },
        fields: [
          field('Amount', amount),
          field('Due', formatDate(r.dueDate)),
          field('Status', status),
          field('Company', escapeMrkdwn(r.companyName)),
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(context.join(' · '), 3000) }] },
    ],
    metadata: {
      event_type: 'gp_document_changed',
      event_payload: {
        event_id: delta.eventId,
        company: delta.company,
        doc_type: delta.docType,
        doc_key: delta.key,
        version: delta.version,
      },
    },
  };
}
