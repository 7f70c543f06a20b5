import type { ModifiedWindow } from './family-requests';
import { toGpDateTime } from './gp-values';
import { PageCollector, type Positioned } from './page-collector';

/**
 * The time span one bounded list request covers, learned per document
 * family: GP cannot page, so the agent pages by time. Starts at an hour.
 */
export interface WindowSpan {
  spanMs: number;
}

export const INITIAL_SPAN_MS = 3_600_000;
const MIN_SPAN_MS = 10;
/** A year: a sparse family (vendors) is backfilled in a handful of requests, a dense one shrinks at once. */
const MAX_SPAN_MS = 366 * 86_400_000;
/** Growth per step is at most this factor; shrinking follows the evidence at once (memory is safe either way). */
const MAX_STEP = 8;
/**
 * A window reaching this close to GP's now is asked open-ended instead: the
 * last window of a sweep must have no upper bound, or a document stamped
 * between GP's now estimate and the request would be missed.
 */
const OPEN_END_MARGIN_MS = 60_000;

export interface CollectRequest<S extends Positioned> {
  /** Inclusive lower bound, epoch ms (the later of `since` and the keyset position). */
  readonly lowerMs: number;
  /** Keyset position: only entries strictly after it count. */
  readonly after: Positioned | undefined;
  readonly pageSize: number;
  readonly span: WindowSpan;
  /**
   * Longest window, ms; default a year. A small master table (vendors) may
   * allow far longer, so that reading it whole from GP's empty date (1900)
   * takes a handful of requests instead of one per year.
   */
  readonly maxSpanMs?: number;
  /**
   * GP's clock as well as the agent knows it, epoch ms; undefined before GP
   * has answered once. Unknown, the first window is asked open-ended: safe
   * whatever the agent's own clock says, and its answer teaches the span.
   */
  gpNowMs(): number | undefined;
  /**
   * Lists one window, handing every summary to `offer`; resolves with how
   * many GP listed. Summaries are streamed, never gathered whole.
   */
  listWindow(window: ModifiedWindow, offer: (summary: S) => void): Promise<number>;
}

export interface CollectedPage<S> {
  /** At most pageSize entries, sorted by (modifiedAt, key). */
  readonly page: S[];
  /** Exactly: whether GP holds an entry after the last one of `page`. */
  readonly hasMore: boolean;
  readonly listRequests: number;
}

/**
 * One keyset page out of GP's unpaged lists. Windows of ModifiedDate are
 * read from the lower bound upward, each starting just after the previous
 * one (`GreaterThan` = its `To`), until pageSize + 1 entries are in hand
 * (so `hasMore` is known) or an open-ended window (no `To`) has been read
 * (so nothing can follow). Window spans adapt to what GP answers: a window
 * with too much shrinks the next one, a sparse one widens it, aiming at
 * about a page and a half per request. A regular poll's lower bound is a
 * few seconds back, so its first window is already open-ended: one request.
 * Entries tied on one timestamp are ordered by key and filtered by the
 * keyset position, so a page boundary inside a tie neither repeats nor skips.
 */
export async function collectChangedPage<S extends Positioned>(
  request: CollectRequest<S>,
): Promise<CollectedPage<S>> {
  const { pageSize, span } = request;
  const collector = new PageCollector<S>(pageSize + 1, request.after);
  const target = pageSize + 1;
  let lowerMs = request.lowerMs;
  let lower: ModifiedWindow = { from: gpTime(lowerMs) };
  let listRequests = 0;
  for (;;) {
    const nowMs = request.gpNowMs();
    const upperMs = lowerMs + span.spanMs;
    const openEnded = nowMs === undefined || upperMs >= nowMs - OPEN_END_MARGIN_MS;
    const window: ModifiedWindow = openEnded ? lower : { ...lower, to: gpTime(upperMs) };
    const listed = await request.listWindow(window, (summary) => collector.offer(summary));
    listRequests++;
    // The answer told GP's time (its Date header), so an open-ended window's reach is known now.
    const answeredNowMs = request.gpNowMs();
    if (!openEnded || answeredNowMs !== undefined) {
      const coveredMs = openEnded ? Math.max(answeredNowMs! - lowerMs, MIN_SPAN_MS) : span.spanMs;
      span.spanMs = nextSpan(span.spanMs, coveredMs, listed, target, request.maxSpanMs);
    }
    if (collector.size > pageSize || collector.overflow) break;
    if (openEnded) break;
    lower = { greaterThan: window.to! };
    lowerMs = upperMs;
  }
  const sorted = collector.sorted();
  return {
    page: sorted.slice(0, pageSize),
    hasMore: sorted.length > pageSize || collector.overflow,
    listRequests,
  };
}

/**
 * The next window span: the one that would have held about 1.5 × target
 * entries at the density just seen, growing at most MAX_STEP-fold.
 */
export function nextSpan(
  currentMs: number,
  coveredMs: number,
  listed: number,
  target: number,
  maxSpanMs: number = MAX_SPAN_MS,
): number {
  const base = Math.max(currentMs, coveredMs);
  const wanted = listed === 0 ? base * MAX_STEP : (coveredMs * target * 1.5) / listed;
  const bounded = Math.min(wanted, base * MAX_STEP);
  return Math.round(Math.min(Math.max(bounded, MIN_SPAN_MS), maxSpanMs));
}

function gpTime(epochMs: number): string {
  return toGpDateTime(new Date(epochMs).toISOString());
}
