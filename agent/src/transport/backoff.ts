export interface BackoffOptions {
  /** Ceiling of the first retry's delay; default 1,000 ms. */
  baseMs: number;
  /** Largest ceiling; default 60,000 ms. */
  maxMs: number;
  /** Uniform in [0, 1); injected so tests can pin it. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  baseMs: 1_000,
  maxMs: 60_000,
  random: Math.random,
});

/**
 * Delay before reconnect attempt `attempt` (0 = first retry after a failure):
 * "full jitter", uniform in [0, min(maxMs, baseMs * 2^attempt)).
 *
 * Why full jitter rather than decorrelated jitter: it is a pure function of
 * (attempt, random) with no previous-delay state to carry, and when the cloud
 * restarts and every agent drops at once it spreads the reconnects over the
 * whole window, which is what keeps the herd off a cold instance. A first retry
 * may be near-immediate; for a one-off network blip that is what we want.
 */
export function backoffDelayMs(attempt: number, options: Partial<BackoffOptions> = {}): number {
  const { baseMs, maxMs, random } = { ...DEFAULT_BACKOFF, ...options };
  const exponent = Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 0));
  // 2^exponent overflows to Infinity for huge attempts; min() then caps it at maxMs.
  const ceilingMs = Math.min(maxMs, baseMs * 2 ** exponent);
  const unit = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(unit * ceilingMs);
}
