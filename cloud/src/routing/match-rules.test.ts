import type { Delta } from '@gprelay/shared';
import { describe, expect, it } from 'vitest';
import { matchRules, type RoutingRule } from './match-rules';

const delta = {
  eventId: 'e'.repeat(64),
  company: 'Fabrikam, Inc.',
  docType: 'payables-invoice',
  key: 'V1',
  version: 'v',
  op: 'upsert',
  modifiedAt: '2026-11-25T10:00:00.000Z',
  state: 'unposted',
  record: {
    voucherNumber: 'V1',
    kind: 'invoice',
    documentNumber: 'INV-1',
    vendorId: 'ACME',
    vendorName: 'Acme',
    amount: { value: '1250.00', currency: 'USD', decimalDigits: 2 },
    documentDate: null,
    dueDate: null,
    batchId: null,
    transactionState: 'work',
    hold: null,
    voided: false,
    companyName: 'Fabrikam, Inc.',
  },
} satisfies Delta;

const rule = (overrides: Partial<RoutingRule> = {}): RoutingRule => ({
  id: 'rul_1',
  name: 'AP',
  docTypes: ['payables-invoice'],
  channelId: 'C1',
  filters: {},
  enabled: true,
  ...overrides,
});

describe('matchRules', () => {
  it('matches a rule for the doc type with no filters', () => {
    expect(matchRules(delta, [rule()])).toEqual([{ rule: rule(), matched: true }]);
  });

  it.each([
    [{ enabled: false }, 'rule is disabled'],
    [{ docTypes: ['vendor'] }, 'doc type payables-invoice not in rule'],
    [{ filters: { companies: ['Contoso'] } }, 'company Fabrikam, Inc. not in rule'],
    [{ filters: { states: ['posted'] } }, 'state unposted not in rule'],
    [{ filters: { vendorIds: ['OTHER'] } }, 'vendor ACME not in rule'],
    [{ filters: { minAmount: '1250.01' } }, 'amount 1250.00 below 1250.01'],
    [{ filters: { maxAmount: '999.99' } }, 'amount 1250.00 above 999.99'],
  ] as const)('explains why %j does not match', (overrides, reason) => {
    expect(matchRules(delta, [rule(overrides as Partial<RoutingRule>)])).toEqual([
      { rule: rule(overrides as Partial<RoutingRule>), matched: false, reason },
    ]);
  });

  it('treats amount bounds as inclusive and matches every filter that holds', () => {
    const filters = {
      companies: ['Fabrikam, Inc.'],
      states: ['unposted'],
      minAmount: '1250',
      maxAmount: '1250.00',
    };
    expect(matchRules(delta, [rule({ filters })])[0]?.matched).toBe(true);
  });
});

describe('matchRules across document families', () => {
  it('does not match an amount filter on a document without an amount, and says so', async () => {
    const { vendorDelta, glJournalDelta } = await import('@gprelay/shared/testing');
    const amountRule = rule({ docTypes: ['vendor', 'gl-journal'], filters: { minAmount: '1' } });
    expect(matchRules(vendorDelta('V1'), [amountRule])[0]).toMatchObject({
      matched: false,
      reason: 'vendor has no amount',
    });
    expect(matchRules(glJournalDelta(1), [amountRule])[0]?.matched).toBe(true);
    const vendorRule = rule({ docTypes: ['gl-journal'], filters: { vendorIds: ['ACME'] } });
    expect(matchRules(glJournalDelta(1), [vendorRule])[0]).toMatchObject({
      reason: 'gl-journal has no vendor',
    });
  });
});
