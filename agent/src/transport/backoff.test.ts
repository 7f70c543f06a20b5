import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

const fixed = (value: number) => () => value;

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    // attempt, random, expected
    [0, 0, 0],
    [0, 0.5, 500],
    [0, 0.999, 999],
    [1, 0.5, 1_000],
    [2, 0.5, 2_000],
    [3, 0.25, 2_000],
    [5, 0.5, 16_000],
    [6, 0.5, 30_000], // 64 s ceiling capped at 60 s
    [7, 0.5, 30_000],
    [1_000, 0.5, 30_000], // 2^1000 overflows; still capped
    [-3, 0.5, 500], // negative attempts count as the first
    [2.7, 0.5, 2_000], // fractional attempts are floored
  ])('attempt %d with random %d → %d ms', (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, { baseMs: 1_000, maxMs: 60_000, random: fixed(random) })).toBe(expected);
  });

  it('never reaches the ceiling even when random returns 1', () => {
    expect(backoffDelayMs(0, { baseMs: 1_000, maxMs: 60_000, random: fixed(1) })).toBe(999);
    expect(backoffDelayMs(10, { baseMs: 1_000, maxMs: 60_000, random: fixed(1) })).toBe(59_999);
  });

  it('stays within [0, ceiling) over many draws and uses the defaults (1 s base, 60 s cap)', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** attempt);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });
});
