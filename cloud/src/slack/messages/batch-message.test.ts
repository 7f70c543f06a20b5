import { glJournalDelta, invoiceDelta, purchaseOrderDelta, vendorDelta } from '@gprelay/shared/testing';
import { describe, expect, it } from 'vitest';
import { buildBatchMessage, MAX_BLOCKS, MAX_TOTAL_CHARS } from './batch-message';
import { buildChangeReply, describeChanges } from './change-summary';

const blockText = (blocks: Record<string, unknown>[]) => JSON.stringify(blocks).length;

describe('buildBatchMessage', () => {
  it('shows one row per document, across families, under a headline', () => {
    const deltas = [invoiceDelta(1), purchaseOrderDelta('PO-7'), glJournalDelta(12), vendorDelta('V3')];
    const { message, included } = buildBatchMessage(deltas);
    expect(included).toBe(4);
    expect(message.blocks).toHaveLength(6);
    const text = JSON.stringify(message.blocks);
    for (const part of [
      '4 GP changes in Fabrikam, Inc.',
      'INV-1',
      'PO PO-7',
      'JE 12',
      'Vendor Acme Supplies',
    ]) {
      expect(text).toContain(part);
    }
    expect(message.text).toContain('4 GP changes');
  });

  it('stops at Block Kit limits and says how many fit', () => {
    const long = Array.from({ length: 120 }, (_, i) =>
      invoiceDelta(i, { vendorName: 'V'.repeat(65), documentNumber: 'D'.repeat(21) }),
    );
    const { message, included } = buildBatchMessage(long);
    expect(included).toBeLessThan(120);
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(blockText(message.blocks)).toBeLessThan(MAX_TOTAL_CHARS + 4000);
    const rows = message.blocks.filter((b) => b.type === 'section').length - 1;
    expect(rows).toBe(included);
  });
});

describe('what changed', () => {
  it('lists only the shown fields that differ, old → new', () => {
    const before = invoiceDelta(5);
    const after = {
      ...invoiceDelta(5, { transactionState: 'open', dueDate: '2027-01-15' }, 'v2'),
      state: 'posted' as const,
    };
    expect(describeChanges(before, after)).toEqual([
      'Status: Unposted → Posted',
      'Due: Dec 25, 2026 → Jan 15, 2027',
    ]);
    expect(buildChangeReply(before, after).text).toContain(
      'Invoice INV-5 from Acme Supplies changed: Status: Unposted → Posted',
    );
  });

  it('says so when only fields the message does not show changed', () => {
    const before = invoiceDelta(6);
    const after = invoiceDelta(6, { documentDate: '2026-11-01' }, 'v2');
    expect(describeChanges(before, after)).toEqual([]);
    expect(buildChangeReply(before, after).text).toContain('details changed in GP');
  });
});
