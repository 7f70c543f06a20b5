import type { Clock } from '@gprelay/shared';
import { type AuditEntry, appendAudit } from '../audit/audit-log';
import type { Database } from '../db/open-database';

/**
 * Audits refusals of unauthenticated requests (forged event signatures, made-up
 * install links or states) with a budget: anyone on the internet can send
 * them, and each row serialises on the system chain's head. Within a minute
 * the first `perMinute` rows are written; the rest are counted and the count
 * rides on the next row written (`details.suppressedBefore`).
 */
export class RejectionAudit {
  #windowStartMs = Number.NEGATIVE_INFINITY;
  #written = 0;
  #suppressed = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly perMinute = 60,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const nowMs = this.clock.now();
    if (nowMs - this.#windowStartMs >= 60_000) {
      this.#windowStartMs = nowMs;
      this.#written = 0;
    }
    if (this.#written >= this.perMinute) {
      this.#suppressed += 1;
      return;
    }
    this.#written += 1;
    const suppressed = this.#suppressed;
    this.#suppressed = 0;
    const details = suppressed > 0 ? { ...entry.details, suppressedBefore: suppressed } : entry.details;
    await this.db.transaction((tx) => appendAudit(tx, [{ ...entry, details }], new Date(nowMs)));
  }
}
