import { describe, expect, it } from 'vitest';
import { isDateTime } from './date-time-format';

describe('the wire date-time format', () => {
  it.each([
    '2026-11-25T10:00:00.123Z',
    '2026-11-25T10:00:00Z',
    '2026-11-25t10:00:00z',
    '2026-11-25T11:00:00+01:00',
    '2026-11-25T05:00:00.5-05:00',
    '2024-02-29T23:59:59.999999999Z',
    '0000-01-01T00:00:00.000Z',
    '0099-12-31T00:00:00Z',
  ])('accepts %s, which Date.parse reads', (value) => {
    expect(isDateTime(value)).toBe(true);
    expect(Number.isNaN(Date.parse(value))).toBe(false);
  });

  it.each([
    ['a space for T', '2026-11-25 10:00:00Z'],
    ['an hour-only offset', '2026-11-25T10:00:00+01'],
    ['an offset without colon', '2026-11-25T10:00:00+0100'],
    ['no offset', '2026-11-25T10:00:00'],
    ['a zone suffix', '2026-11-25T10:00:00Z[Europe/Paris]'],
    ['a date only', '2026-11-25'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['hour 24', '2026-11-25T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['an offset of 24 hours', '2026-11-25T10:00:00+24:00'],
    ['trailing text', '2026-11-25T10:00:00Z '],
  ])('refuses %s', (_case, value) => {
    expect(isDateTime(value)).toBe(false);
  });
});
