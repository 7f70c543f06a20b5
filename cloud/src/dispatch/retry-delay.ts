/** Attempts after which a transient failure becomes a failed delivery an operator can replay. */
export const MAX_DELIVERY_ATTEMPTS = 12;

/**
 * Delay before retrying a delivery that failed transiently (Slack 5xx, network):
 * exponential from 2 s, capped at 5 min, with ±20 % jitter so a Slack outage
 * does not end in a synchronized stampede. `random` is injectable for tests.
 */
export function transientRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
