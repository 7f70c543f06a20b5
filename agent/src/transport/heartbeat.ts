import type { TimerHandle, Timers } from './timers';

/**
 * WebSocket liveness: a ping every interval; if the previous ping's pong has
 * not arrived by the next tick, the peer (or a middlebox that silently dropped
 * the TCP flow) is presumed dead and `onTimeout` fires once.
 */
export class Heartbeat {
  private timer: TimerHandle | null = null;
  private pingSentAtMs: number | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly ping: () => void,
    private readonly onTimeout: () => void,
  ) {}

  /** (Re)starts ticking at `intervalMs`; a pending ping stays pending. */
  start(intervalMs: number): void {
    this.clearTimer();
    const tick = () => {
      this.timer = null;
      if (this.pingSentAtMs !== null) {
        this.onTimeout();
        return;
      }
      this.pingSentAtMs = this.now();
      this.ping();
      this.timer = this.timers.setTimeout(tick, intervalMs);
    };
    this.timer = this.timers.setTimeout(tick, intervalMs);
  }

  /** A pong arrived; returns the round trip in ms, or null when no ping was outstanding. */
  pong(): number | null {
    if (this.pingSentAtMs === null) return null;
    const rttMs = Math.max(0, this.now() - this.pingSentAtMs);
    this.pingSentAtMs = null;
    return rttMs;
  }

  stop(): void {
    this.clearTimer();
    this.pingSentAtMs = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
