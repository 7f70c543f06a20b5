import { expect, it } from 'vitest';
import { transientRetryDelayMs } from './retry-delay';

it.each([
  [1, 0.5, 2000],
  [2, 0.5, 4000],
  [5, 0.5, 32_000],
  [20, 0.5, 300_000],
  [1, 0, 1600],
  [1, 1, 2400],
])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
  expect(transientRetryDelayMs(attempt, () => random)).toBe(expected);
});
