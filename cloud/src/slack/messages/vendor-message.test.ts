import type { VendorDelta, VendorRecord } from '@gprelay/shared';
import { vendorDelta } from '@gprelay/shared/testing';
import { describe, expect, it } from 'vitest';
import { buildBatchMessage } from './batch-message';
import { buildMessage } from './build-message';
import { buildChangeReply } from './change-summary';

const HOSTILE = '<!here> & <https://evil.test|x>';
const ESCAPED = '&lt;!here&gt; &amp; &lt;https://evil.test|x&gt;';

/** A vendor now as `now`, before as `before` (the delta's previous); modified 2026-11-25. */
function changed(
  before: Partial<VendorRecord> | null | undefined,
  now: Partial<VendorRecord> = {},
): VendorDelta {
  const delta = vendorDelta('ACME0001', now);
  if (before === undefined) return delta;
  return { ...delta, previous: before === null ? null : vendorDelta('ACME0001', before).record };
}

function shown(delta: VendorDelta) {
  const message = buildMessage(delta);
  const blocks = message.blocks as Array<{ text?: { text: string } }>;
  return { text: message.text, headline: blocks[0]!.text!.text, all: JSON.stringify(message) };
}

describe('vendor message: what changed', () => {
  it('reads "put on hold" and lists the hold as before → after', () => {
    const { text, headline } = shown(changed({}, { onHold: true }));
    expect(headline).toBe(
      ':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) put on hold\n• On hold: No → Yes',
    );
    expect(text).toBe('Vendor ACME0001 Acme Supplies put on hold (On hold: No → Yes)');
  });

  it('reads "inactivated", "reactivated" and "released from hold", several at once joined', () => {
    expect(shown(changed({}, { status: 'inactive' })).headline).toContain(
      '(ACME0001) inactivated\n• Status: Active → Inactive',
    );
    expect(shown(changed({ status: 'inactive' }, {})).headline).toContain('(ACME0001) reactivated');
    expect(shown(changed({ onHold: true }, {})).headline).toContain(
      '(ACME0001) released from hold\n• On hold: Yes → No',
    );
    const both = shown(changed({}, { status: 'inactive', onHold: true }));
    expect(both.headline).toContain('(ACME0001) inactivated and put on hold');
    expect(both.text).toContain('(Status: Active → Inactive; On hold: No → Yes)');
  });

  it('lists terms, name, class and currency changes under "changed", headed by the new name', () => {
    const { headline } = shown(
      changed(
        { name: 'Acme Supply Co', paymentTerms: 'Net 30', classId: null, currency: 'Z-US$' },
        { name: 'Acme Supplies', paymentTerms: 'Net 45', classId: 'USA-ILMO-T1', currency: 'Z-C$' },
      ),
    );
    expect(headline.split('\n')).toEqual([
      ':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) changed',
      '• Name: Acme Supply Co → Acme Supplies',
      '• Class: — → USA-ILMO-T1',
      '• Payment terms: Net 30 → Net 45',
      '• Currency: Z-US$ → Z-C$',
    ]);
  });

  it('escapes GP text on both sides of a change', () => {
    const { all } = shown(changed({ name: HOSTILE, paymentTerms: '<b>&' }, { paymentTerms: 'Net 45' }));
    expect(all).toContain(`Name: ${ESCAPED} → Acme Supplies`);
    expect(all).toContain('Payment terms: &lt;b&gt;&amp; → Net 45');
    expect(all).not.toContain('<!here>');
  });

  it('reads "created" for a vendor new to the agent, with what it now is', () => {
    const { text, headline } = shown(changed(null, { createdDate: '2026-11-25' }));
    expect(headline).toBe(':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) created');
    expect(text).toBe('Vendor ACME0001 Acme Supplies created (Active)');
  });

  it('does not call a vendor created years ago new, even when the agent first sees it now', () => {
    const { headline } = shown(changed(null, { createdDate: '2020-01-15' }));
    expect(headline).toBe(':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) changed');
  });

  it('keeps the message it always had when the agent cannot say (no previous)', () => {
    const { text, headline } = shown(changed(undefined, { onHold: true }));
    expect(headline).toBe(':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) changed');
    expect(text).toBe('Vendor ACME0001 Acme Supplies changed (Active · On hold)');
  });

  it('says "changed" without a list when only fields the message does not show changed', () => {
    const { text, headline } = shown(changed({ phone: '555-0100' }, { phone: '555-0199' }));
    expect(headline).toBe(':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) changed');
    expect(text).toBe('Vendor ACME0001 Acme Supplies changed (Active)');
  });

  it('says what happened in a batched row too', () => {
    const { message } = buildBatchMessage([changed({}, { onHold: true }), changed(undefined), changed(null)]);
    const rows = message.blocks.slice(1, 4).map((b) => (b as { text: { text: string } }).text.text);
    expect(rows).toEqual([
      ':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) put on hold · On hold: No → Yes',
      ':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) · Active · terms Net 30',
      ':busts_in_silhouette: *Vendor Acme Supplies* (ACME0001) changed · Active · terms Net 30',
    ]);
  });

  it('replies in the thread of a posted vendor with the hold as its own line', () => {
    const reply = buildChangeReply(vendorDelta('ACME0001'), vendorDelta('ACME0001', { onHold: true }));
    expect(reply.text).toBe('Vendor Acme Supplies (ACME0001) changed: On hold: No → Yes');
  });
});
