import { describe, expect, it } from 'vitest';
import { GpValueError, gpDateOnly, gpDateTimeToIso, gpMoney, toGpDateTime } from './gp-values';

describe('toGpDateTime', () => {
  it('writes the UTC wall clock with milliseconds and no offset', () => {
    expect(toGpDateTime('2024-05-01T13:22:05.123Z')).toBe('2024-05-01T13:22:05.123');
    expect(toGpDateTime('2024-05-01T15:22:05+02:00')).toBe('2024-05-01T13:22:05.000');
  });

  it('refuses text that is not an ISO date and time', () => {
    expect(() => toGpDateTime('yesterday')).toThrow(GpValueError);
    expect(() => toGpDateTime('2024-13-01T00:00:00Z')).toThrow(GpValueError);
  });
});

describe('gpDateTimeToIso', () => {
  it('reads kind-less GP values as UTC and keeps milliseconds', () => {
    expect(gpDateTimeToIso('2024-05-01T13:22:05.123')).toBe('2024-05-01T13:22:05.123Z');
    expect(gpDateTimeToIso('2024-05-01T13:22:05')).toBe('2024-05-01T13:22:05.000Z');
    expect(gpDateTimeToIso('2024-05-01T13:22:05.12')).toBe('2024-05-01T13:22:05.120Z');
  });

  it('cuts digits past the millisecond instead of rounding up', () => {
    expect(gpDateTimeToIso('2024-05-01T13:22:05.1239999')).toBe('2024-05-01T13:22:05.123Z');
  });

  it('honours an explicit offset or Z when a server sends one', () => {
    expect(gpDateTimeToIso('2024-05-01T15:22:05.5+02:00')).toBe('2024-05-01T13:22:05.500Z');
    expect(gpDateTimeToIso('2024-05-01T13:22:05Z')).toBe('2024-05-01T13:22:05.000Z');
  });

  it('refuses malformed and impossible values', () => {
    expect(() => gpDateTimeToIso('2024-05-01 13:22:05')).toThrow(GpValueError);
    expect(() => gpDateTimeToIso('2024-02-30T00:00:00')).toThrow(GpValueError);
  });
});

describe('gpDateOnly', () => {
  it('takes the literal date of a date-only value', () => {
    expect(gpDateOnly('2024-05-01T00:00:00')).toBe('2024-05-01');
    expect(gpDateOnly('2024-05-01T00:00:00-05:00')).toBe('2024-05-01');
  });

  it("maps GP's empty dates to null", () => {
    expect(gpDateOnly('1900-01-01T00:00:00')).toBeNull();
    expect(gpDateOnly('0001-01-01T00:00:00')).toBeNull();
  });
});

describe('gpMoney', () => {
  it('writes the value with the currency decimal digits', () => {
    expect(gpMoney('1250', '2', 'USD')).toEqual({ value: '1250.00', currency: 'USD', decimalDigits: 2 });
    expect(gpMoney('1250.50000', '2', 'USD')).toEqual({
      value: '1250.50',
      currency: 'USD',
      decimalDigits: 2,
    });
    expect(gpMoney('0012.5', '2', 'EUR').value).toBe('12.50');
    expect(gpMoney('3000', '0', 'JPY')).toEqual({ value: '3000', currency: 'JPY', decimalDigits: 0 });
  });

  it('never rounds away non-zero digits beyond DecimalDigits', () => {
    expect(gpMoney('10.12345', '2', 'USD').value).toBe('10.12345');
    expect(gpMoney('10.12300', '2', 'USD').value).toBe('10.123');
  });

  it('writes negative amounts and drops the sign of zero', () => {
    expect(gpMoney('-5.1', '2', 'USD').value).toBe('-5.10');
    expect(gpMoney('-0.00', '2', 'USD').value).toBe('0.00');
    expect(gpMoney('.5', '2', 'USD').value).toBe('0.50');
  });

  it('refuses what is not an xs:decimal or a sane DecimalDigits', () => {
    expect(() => gpMoney('1e3', '2', 'USD')).toThrow(GpValueError);
    expect(() => gpMoney('12.3', '7', 'USD')).toThrow(GpValueError);
    expect(() => gpMoney('1.123456', '2', 'USD')).toThrow(GpValueError);
    expect(() => gpMoney('1', '2', '  ')).toThrow(GpValueError);
  });
});
