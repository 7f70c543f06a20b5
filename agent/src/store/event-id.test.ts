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
    [{ a: 1, b: 'x' }, '{"a":1,"b":"x"}'],
    [{ b: 'x', a: 1 }, '{"a":1,"b":"x"}'],
    [
      { amount: { value: '10.00', currency: 'USD' }, hold: null },
      '{"amount":{"currency":"USD","value":"10.00"},"hold":null}',
    ],
  ])('hashes the canonical JSON of %j', (record, canonical) => {
    expect(documentVersion(record)).toBe(sha256(canonical));
  });

  it('changes when any field changes, and fits the 64-char version field', () => {
    const before = documentVersion({ amount: '10.00', hold: false });
    const after = documentVersion({ amount: '10.00', hold: true });
    expect(after).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });
});
