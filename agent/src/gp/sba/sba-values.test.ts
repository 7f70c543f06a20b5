import { describe, expect, it } from 'vitest';
import { GpValueError, isoDecimalDigits, sbaBoolean, sbaDate, sbaInstant } from './sba-values';

describe('SBA values', () => {
  it.each([
    ['2024-05-01T13:22:05.123', '2024-05-01T13:22:05.123Z'],
    ['2024-05-01T13:22:05.1234567', '2024-05-01T13:22:05.123Z'],
    ['2024-05-01T13:22:05Z', '2024-05-01T13:22:05.000Z'],
    ['2024-05-01T15:22:05.123+02:00', '2024-05-01T13:22:05.123Z'],
    ['/Date(1714569725123)/', '2024-05-01T13:22:05.123Z'],
    ['/Date(1714569725123+0200)/', '2024-05-01T13:22:05.123Z'],
  ])('reads the instant %s as %s (no offset = UTC)', (text, expected) => {
    expect(sbaInstant(text)).toBe(expected);
  });

  it.each([
    ['2024-05-01T00:00:00', '2024-05-01'],
    ['2024-05-01', '2024-05-01'],
    ['1900-01-01T00:00:00', null],
    ['/Date(1714521600000)/', '2024-05-01'],
    // Local midnight of a server at UTC-5 is 05:00 UTC; the business date stays the 1st.
    ['/Date(1714539600000-0500)/', '2024-05-01'],
  ])('reads the business date %s as %s, never shifted', (text, expected) => {
    expect(sbaDate(text)).toBe(expected);
  });

  it('reads booleans as JSON, text or tinyint, and refuses anything else', () => {
    expect([true, 'true', 'False', '1', '0'].map((value) => sbaBoolean(value))).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(() => sbaBoolean('yes')).toThrow(GpValueError);
  });

  it('knows the decimals of ISO currencies, 2 for anything else', () => {
    expect([
      isoDecimalDigits('USD'),
      isoDecimalDigits('JPY'),
      isoDecimalDigits('BHD'),
      isoDecimalDigits('Z-US$'),
    ]).toEqual([2, 0, 3, 2]);
  });
});
