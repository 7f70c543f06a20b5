const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Bounds of the outbox. When the cloud is unreachable for long, the oldest
 * rows are dropped (and counted) rather than blocking the poller or filling
 * the disk: a fresh change matters more to a finance team than a month-old one.
 */
export interface OutboxLimits {
  /** Most rows kept; default 100,000. */
  maxRows: number;
  /** Most payload bytes (UTF-8 JSON of the deltas) kept; default 256 MiB. */
  maxBytes: number;
  /** Oldest row kept, by enqueue time on the agent's clock; default 30 days. */
  maxAgeMs: number;
}

export const DEFAULT_OUTBOX_LIMITS: Readonly<OutboxLimits> = Object.freeze({
  maxRows: 100_000,
  maxBytes: 256 * 1024 * 1024,
  maxAgeMs: 30 * DAY_MS,
});

/**
 * How long the version last emitted for a document is remembered; default 30
 * days. Must be far longer than the poller's lookback window (which re-reads
 * recent documents on purpose). Forgetting older ones is safe: a later re-read
 * of an unchanged document yields the same eventId, which the cloud dedupes.
 */
export const DEFAULT_EMITTED_RETENTION_MS = 30 * DAY_MS;

/** Checks caller-supplied limits, reporting every problem at once. */
export function resolveOutboxLimits(overrides: Partial<OutboxLimits> = {}): OutboxLimits {
  const limits = { ...DEFAULT_OUTBOX_LIMITS, ...overrides };
  const problems = Object.entries(limits)
    .filter(([, value]) => !Number.isSafeInteger(value) || value <= 0)
    .map(([name, value]) => `${name} must be a positive integer (got ${String(value)})`);
  if (problems.length > 0) throw new RangeError(`invalid outbox limits: ${problems.join('; ')}`);
  return limits;
}
