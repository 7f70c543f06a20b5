import type { TimerHandle, Timers } from './timers';

/**
 * Timers for tests: nothing fires by itself except delays listed in
 * `autoRunDelaysMs` (run on the next turn of the event loop); tests fire the
 * rest by delay with `fire(delayMs)`.
 */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, { callback: () => void; delayMs: number }>();

  constructor(private readonly autoRunDelaysMs: readonly number[] = []) {}

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { callback, delayMs });
    if (this.autoRunDelaysMs.includes(delayMs)) {
      setImmediate(() => {
        if (this.pending.delete(id)) callback();
      });
    }
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers still pending, in scheduling order. */
  pendingDelays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }

  /** Runs every pending timer with this delay; returns how many ran. */
  fire(delayMs: number): number {
    const due = [...this.pending.entries()].filter(([, timer]) => timer.delayMs === delayMs);
    for (const [id, timer] of due) {
      if (this.pending.delete(id)) timer.callback();
    }
    return due.length;
  }
}
