import { glJournalDelta, invoiceDelta, purchaseOrderDelta, vendorDelta } from '@gprelay/shared/testing';
import { describe, expect, it } from 'vitest';
import { factsOf } from '../../routing/document-facts';
import { buildMessage } from './build-message';

const HOSTILE = '<!here> & <https://evil.test|x>';
const ESCAPED = '&lt;!here&gt; &amp; &lt;https://evil.test|x&gt;';

function shown(delta: Parameters<typeof buildMessage>[0]): string {
  const message = buildMessage(delta);
  return JSON.stringify([message.text, message.blocks]);
}

describe('document messages', () => {
  it('shows a purchase order: number, vendor, status with hold and approval, lines, total, promised date', () => {
    const text = shown(purchaseOrderDelta('PO-2041', { onHold: true }, 'on-hold'));
    for (const part of [
      'PO-2041',
      'Acme Supplies',
      'Released · On hold · Approved',
      '3',
      '12,450.00 USD',
      'Dec 5, 2026',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('shows a GL journal: entry, posting state, date, debit/credit totals and its first lines', () => {
    const text = shown(glJournalDelta(4711));
    for (const part of [
      'Journal entry 4711',
      'Posted',
      'Nov 30, 2026',
      '5,000.00 USD',
      '000-6100-00',
      'Accrued rent',
      '… and 5 more line(s)',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('shows a vendor change with status and hold', () => {
    const text = shown(vendorDelta('ACME0001', { onHold: true }));
    expect(text).toContain('Vendor Acme Supplies');
    expect(text).toContain('Active · On hold');
  });

  it.each([
    ['invoice', invoiceDelta(1, { vendorName: HOSTILE })],
    ['purchase order', purchaseOrderDelta('PO-1', { vendorName: HOSTILE })],
    ['journal', glJournalDelta(1, { reference: HOSTILE })],
    ['vendor', vendorDelta('V1', { name: HOSTILE })],
  ] as const)('escapes GP text in a %s message', (_kind, delta) => {
    const text = shown(delta);
    expect(text).toContain(ESCAPED);
    expect(text).not.toContain('<!here>');
  });

  it('carries the eventId in metadata for every family', () => {
    for (const delta of [invoiceDelta(2), purchaseOrderDelta('PO-2'), glJournalDelta(2), vendorDelta('V2')]) {
      expect(buildMessage(delta).metadata.event_payload.event_id).toBe(delta.eventId);
    }
  });
});

describe('factsOf', () => {
  it('gives routing the vendor, the amount and the reference of each family', () => {
    expect(factsOf(purchaseOrderDelta('PO-3'))).toEqual({
      vendorId: 'ACME0001',
      amount: { value: '12450.00', currency: 'USD', decimalDigits: 2 },
      reference: 'PO-3',
    });
    expect(factsOf(glJournalDelta(9))).toMatchObject({ vendorId: null, reference: 'JE 9' });
    expect(factsOf(vendorDelta('V9'))).toEqual({ vendorId: 'V9', amount: null, reference: 'V9' });
  });
});
