import { describe, expect, it } from 'vitest';
import { mapBounded } from './bounded-map';

/** A promise with its resolve/reject exposed, so the test decides when work finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('mapBounded', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    const gates = Array.from({ length: 6 }, () => deferred<number>());
    let inFlight = 0;
    let maxInFlight = 0;
    const started: number[] = [];
    const result = mapBounded([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const value = await gates[item]!.promise;
      inFlight--;
      return value;
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    for (const [index, gate] of [...gates.entries()].reverse()) gate.resolve(index * 10);
    expect(await result).toEqual([0, 10, 20, 30, 40, 50]);
    expect(maxInFlight).toBe(2);
  });

  it('rejects with the first failure and aborts the calls still running', async () => {
    const blocker = deferred<void>();
    let abortedSignal: AbortSignal | undefined;
    const result = mapBounded([0, 1, 2], 2, async (item, signal) => {
      if (item === 0) {
        abortedSignal = signal;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        throw new Error('aborted follower');
      }
      await blocker.promise;
      throw new Error('first failure');
    });
    blocker.resolve();
    await expect(result).rejects.toThrow('first failure');
    expect(abortedSignal?.aborted).toBe(true);
  });

  it('returns an empty list without calling anything', async () => {
    expect(await mapBounded([], 3, async () => 1)).toEqual([]);
  });

  it("stops on the caller's abort", async () => {
    const controller = new AbortController();
    const result = mapBounded(
      [1, 2, 3],
      1,
      async (_item, signal) => {
        controller.abort(new Error('poll cancelled'));
        if (signal.aborted) throw signal.reason;
        return 1;
      },
      controller.signal,
    );
    await expect(result).rejects.toThrow('poll cancelled');
  });
});
