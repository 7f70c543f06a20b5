import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentVersion } from './document-version';
import { eventId } from './event-id';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('eventId', () => {
  it.each([
    ['Fabrikam, Inc.', 'payables-invoice', '00000000000001550', 'v1'],
    ['TWO', 'vendor', 'ACETRAVE0001', 'a'.repeat(64)],
    ['Société Générale', 'gl-journal', '12 345', 'v2'],
  ])('is sha256 of the JSON array for %s / %s / %s', (company, docType, key, version) => {
    const id = eventId(company, docType, key, version);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(sha256(JSON.stringify([company, docType, key, version])));
    expect(eventId(company, docType, key, version)).toBe(id);
  });

  it('pins a known value so a refactor cannot silently change ids the cloud already stored', () => {
    expect(eventId('TWO', 'payables-invoice', 'V1', 'abc')).toBe(
      '58038de543930364635fe1700b01c93dd4e719de66bb0c96e899244a8c28018d',
    );
  });

  it.each([
    [
      ['a|b', 'c', 'k', 'v'],
      ['a', 'b|c', 'k', 'v'],
    ],
    [
      ['TWO', 'payables-invoice', 'K', 'v1'],
      ['TWO', 'payables-invoice', 'K', 'v2'],
    ],
    [
      ['TWO', 'payables-invoice', 'K', 'v1'],
      ['TWO', 'vendor', 'K', 'v1'],
    ],
  ])('differs when any field differs (%j vs %j)', (left, right) => {
    expect(eventId(...(left as [string, string, string, string]))).not.toBe(
      eventId(...(right as [string, string, string, string])),
    );
  });
});

describe('documentVersion', () => {
  it.each([
    [{ state: 'posted', record: { a: 1, b: 'x' } }, '{"record":{"a":1,"b":"x"},"state":"posted"}'],
    [{ state: 'posted', record: { b: 'x', a: 1 } }, '{"record":{"a":1,"b":"x"},"state":"posted"}'],
    [
      { state: 'unposted', record: { amount: { value: '10.00', currency: 'USD' }, hold: null } },
      '{"record":{"amount":{"currency":"USD","value":"10.00"},"hold":null},"state":"unposted"}',
    ],
  ])('hashes the canonical JSON of %j', (document, canonical) => {
    expect(documentVersion(document)).toBe(sha256(canonical));
  });

  it('changes when a shown field or the state changes, and fits the 64-char version field', () => {
    const before = documentVersion({ state: 'posted', record: { amount: '10.00', hold: false } });
    expect(documentVersion({ state: 'posted', record: { amount: '10.00', hold: true } })).not.toBe(before);
    expect(documentVersion({ state: 'on-hold', record: { amount: '10.00', hold: false } })).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change when GP only moves the document to another table (year-end close, PO removal)', () => {
    const open = { state: 'posted', record: { journalEntry: 7, transactionState: 'open' } };
    const history = { state: 'posted', record: { journalEntry: 7, transactionState: 'history' } };
    expect(documentVersion(history)).toBe(documentVersion(open));
  });
});
