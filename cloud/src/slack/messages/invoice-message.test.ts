import type { PayablesInvoiceDelta } from '@gprelay/shared';
import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from './format';
import { buildInvoiceMessage } from './invoice-message';
import { escapeMrkdwn, truncate } from './mrkdwn';

const delta: PayablesInvoiceDelta = {
  eventId: 'e'.repeat(64),
  company: 'Fabrikam, Inc.',
  docType: 'payables-invoice',
  key: '00000000000001550',
  version: 'v1',
  op: 'upsert',
  modifiedAt: '2026-11-25T10:00:00.000Z',
  state: 'unposted',
  record: {
    voucherNumber: '00000000000001550',
    kind: 'invoice',
    documentNumber: 'INV-1001',
    vendorId: 'ACME0001',
    vendorName: '<!channel> & <https://x.test|click>',
    amount: { value: '1234567.5', currency: 'USD', decimalDigits: 2 },
    documentDate: '2026-11-25',
    dueDate: '2026-12-25',
    batchId: 'APINV1125',
    transactionState: 'work',
    hold: null,
    voided: false,
    companyName: 'Fabrikam, Inc.',
  },
};

describe('buildInvoiceMessage', () => {
  const message = buildInvoiceMessage(delta);
  const everything = JSON.stringify([message.text, message.blocks]);

  it('shows vendor, number, amount with currency, due date, status and company', () => {
    for (const part of ['INV-1001', '1,234,567.50 USD', 'Dec 25, 2026', 'Unposted', 'Fabrikam, Inc.']) {
      expect(message.text + everything).toContain(part);
    }
    expect(everything).toContain('&lt;!channel&gt; &amp; &lt;https://x.test|click&gt;');
  });

  it('leaves no raw mention or link from user text anywhere', () => {
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<https://x.test');
  });

  it('carries the eventId in message metadata', () => {
    expect(message.metadata.event_payload.event_id).toBe(delta.eventId);
    expect(message.metadata.event_payload.doc_key).toBe('00000000000001550');
  });

  it('marks a held document', () => {
    const held = buildInvoiceMessage({ ...delta, state: 'posted', record: { ...delta.record, hold: true } });
    expect(held.text).toContain('Posted · On hold');
  });
});

describe('message formatting helpers', () => {
  it.each([
    [{ value: '0', currency: 'USD', decimalDigits: 2 }, '0.00 USD'],
    [{ value: '-1250.5', currency: 'EUR', decimalDigits: 2 }, '-1,250.50 EUR'],
    [{ value: '1000000', currency: 'JPY', decimalDigits: 0 }, '1,000,000 JPY'],
    [{ value: '12.34567', currency: 'USD', decimalDigits: 2 }, '12.34 USD'],
  ])('formats %j as %s', (money, text) => {
    expect(formatMoney(money)).toBe(text);
  });

  it('formats GP dates without shifting them by a time zone', () => {
    expect(formatDate('2026-01-01')).toBe('Jan 1, 2026');
    expect(formatDate(null)).toBe('—');
  });

  it('escapes the three characters Slack treats as markup', () => {
    expect(escapeMrkdwn('a & <b> c')).toBe('a &amp; &lt;b&gt; c');
  });

  it('truncates without leaving half an entity', () => {
    expect(truncate('abc &amp; def', 6)).toBe('abc …');
    expect(truncate('short', 10)).toBe('short');
  });
});
