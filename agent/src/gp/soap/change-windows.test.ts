import { describe, expect, it } from 'vitest';
import { collectChangedPage, INITIAL_SPAN_MS, nextSpan, type WindowSpan } from './change-windows';
import type { ModifiedWindow } from './family-requests';
import type { Positioned } from './page-collector';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2024, 4, 1, 12);

/** SQL datetime rounding of a criteria value (1/300 s ticks), as GP applies it. */
const tick = (ms: number) => Math.round((Math.round((ms * 3) / 10) * 10) / 3);
const msOf = (gp: string) => Date.parse(`${gp}Z`);

/** A GP table in memory: answers a ModifiedDate window like GetXList, counting requests. */
function fakeGp(entries: Positioned[]) {
  const windows: ModifiedWindow[] = [];
  return {
    windows,
    async listWindow(window: ModifiedWindow, offer: (entry: Positioned) => void): Promise<number> {
      windows.push(window);
      let listed = 0;
      for (const entry of entries) {
        const ts = entry.modifiedMs;
        if (window.from !== undefined && ts < tick(msOf(window.from))) continue;
        if (window.greaterThan !== undefined && ts <= tick(msOf(window.greaterThan))) continue;
        if (window.to !== undefined && ts > tick(msOf(window.to))) continue;
        listed++;
        offer(entry);
      }
      return listed;
    },
  };
}

async function sweepAll(
  entries: Positioned[],
  sinceMs: number,
  pageSize: number,
  span: WindowSpan,
  gpNowMs?: number,
  maxSpanMs?: number,
) {
  const gp = fakeGp(entries);
  const delivered: Positioned[] = [];
  let after: Positioned | undefined;
  let pages = 0;
  for (;;) {
    const page = await collectChangedPage({
      lowerMs: Math.max(sinceMs, after?.modifiedMs ?? sinceMs),
      after,
      pageSize,
      span,
      ...(maxSpanMs !== undefined ? { maxSpanMs } : {}),
      gpNowMs: () => gpNowMs,
      listWindow: gp.listWindow,
    });
    pages++;
    delivered.push(...page.page);
    const last = page.page.at(-1);
    if (!page.hasMore || !last) break;
    after = last;
  }
  return { delivered, pages, requests: gp.windows.length, windows: gp.windows };
}

function table(count: number, spanMs: number, seed = 1): Positioned[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return Array.from({ length: count }, (_, i) => ({
    key: `V${String(i).padStart(6, '0')}`,
    modifiedMs: tick(NOW - Math.floor(random() * spanMs)),
  }));
}

describe('collectChangedPage', () => {
  it('answers a regular poll (lower bound seconds ago) with one open-ended request', async () => {
    const entries = table(1_000, 30 * DAY);
    const result = await sweepAll(entries, NOW - 20_000, 500, { spanMs: INITIAL_SPAN_MS }, NOW);
    expect(result.requests).toBe(1);
    expect(result.windows[0]).toEqual({ from: '2024-05-01T11:59:40.000' });
    expect(result.delivered).toEqual(entries.filter((e) => e.modifiedMs >= NOW - 20_000).sort(byPosition));
  });

  it('backfills with bounded windows chained by GreaterThan = previous To, each document once, about a request per page', async () => {
    const entries = table(20_000, 180 * DAY);
    const span = { spanMs: INITIAL_SPAN_MS };
    const result = await sweepAll(entries, NOW - 200 * DAY, 250, span, NOW);
    expect(result.delivered).toEqual([...entries].sort(byPosition));
    expect(result.requests).toBeLessThanOrEqual(result.pages + 12);
    for (let i = 1; i < result.windows.length; i++) {
      const previous = result.windows[i - 1]!;
      const window = result.windows[i]!;
      // A new sweep page starts again from its keyset position; within a page, windows chain exactly.
      if (window.greaterThan !== undefined) expect(window.greaterThan).toBe(previous.to);
    }
    expect(result.windows.at(-1)?.to).toBeUndefined();
  });

  it('reads a small master table whole from 1900 in a handful of requests when its family allows long windows', async () => {
    const entries = table(300, 8 * 366 * DAY);
    const since = Date.UTC(1900, 0, 1);
    const yearly = await sweepAll(entries, since, 500, { spanMs: INITIAL_SPAN_MS }, NOW);
    const long = await sweepAll(entries, since, 500, { spanMs: INITIAL_SPAN_MS }, NOW, 150 * 366 * DAY);
    expect(long.delivered).toEqual([...entries].sort(byPosition));
    expect(yearly.delivered).toEqual(long.delivered);
    expect(yearly.requests).toBeGreaterThan(120);
    expect(long.requests).toBeLessThanOrEqual(10);
  });

  it('pages through 50 documents tied on one timestamp with pages of 20, exactly once', async () => {
    const tied = Array.from({ length: 50 }, (_, i) => ({
      key: `T${String(i).padStart(2, '0')}`,
      modifiedMs: tick(NOW - HOUR),
    }));
    const result = await sweepAll(
      [...table(30, 10 * DAY), ...tied],
      NOW - 2 * HOUR,
      20,
      { spanMs: INITIAL_SPAN_MS },
      NOW,
    );
    expect(result.delivered.filter((entry) => entry.key.startsWith('T')).map((entry) => entry.key)).toEqual(
      tied.map((entry) => entry.key),
    );
    expect(new Set(result.delivered.map((entry) => entry.key)).size).toBe(result.delivered.length);
  });

  it('asks open-ended while GP time is unknown, then learns a span from the answer', async () => {
    const entries = table(5_000, 100 * DAY);
    const span = { spanMs: INITIAL_SPAN_MS };
    const gp = fakeGp(entries);
    const page = await collectChangedPage({
      lowerMs: NOW - 100 * DAY,
      after: undefined,
      pageSize: 100,
      span,
      // GP's Date header arrives with its first answer.
      gpNowMs: () => (gp.windows.length === 0 ? undefined : NOW),
      listWindow: gp.listWindow,
    });
    expect(gp.windows).toEqual([{ from: '2024-01-22T12:00:00.000' }]);
    expect(page.page).toHaveLength(100);
    expect(page.hasMore).toBe(true);
    // 5,000 in 100 days: about 151 (a page and a half) in 3 days.
    expect(span.spanMs).toBe(Math.round((100 * DAY * 101 * 1.5) / 5_000));
  });
});

describe('nextSpan', () => {
  it.each([
    ['an empty window grows eightfold', HOUR, HOUR, 0, 501, 8 * HOUR],
    ['a sparse window grows at most eightfold', HOUR, HOUR, 10, 501, 8 * HOUR],
    ['a full window aims at a page and a half', HOUR, HOUR, 1_002, 501, 0.75 * HOUR],
    ['a flood shrinks at once', DAY, DAY, 240_480, 501, 0.075 * HOUR],
    ['never below 10 ms', 20, 20, 1_000_000, 501, 10],
    ['never above a year', 300 * DAY, 300 * DAY, 0, 501, 366 * DAY],
  ])('%s', (_name, current, covered, listed, target, expected) => {
    expect(nextSpan(current, covered, listed, target)).toBe(Math.round(expected));
  });

  it('grows past a year up to the longest window a family allows', () => {
    expect(nextSpan(300 * DAY, 300 * DAY, 0, 501, 100 * 366 * DAY)).toBe(2_400 * DAY);
    expect(nextSpan(20 * 366 * DAY, 20 * 366 * DAY, 0, 501, 100 * 366 * DAY)).toBe(100 * 366 * DAY);
  });
});

function byPosition(a: Positioned, b: Positioned): number {
  return a.modifiedMs - b.modifiedMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
