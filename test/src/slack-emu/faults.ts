import { FaultKind, type FaultSpec, RateLimitScope } from './types';

interface PendingFault extends FaultSpec {
  remaining: number;
}

export interface FiredFault {
  kind: FaultKind;
  method: string;
  channel?: string;
  teamId?: string;
  at: number;
}

const KINDS = new Set<string>(Object.values(FaultKind));
const SCOPES = new Set<string>(Object.values(RateLimitScope));

/**
 * Faults injected at the network edge, matched in push order against each API request
 * (method and `channel` param). `stall` requests are parked until `releaseStalled()` (they are then
 * processed normally) or the emulator closes (their sockets are destroyed).
 */
export class FaultQueue {
  private readonly pending: PendingFault[] = [];
  private readonly parked = new Set<() => void>();
  private readonly stallWaiters: Array<{ count: number; resolve: () => void }> = [];
  /** Every fault that fired, oldest first. */
  readonly fired: FiredFault[] = [];

  /** Queue faults; each affects `count` (default 1) matching requests. Returns the queue length. */
  push(...faults: FaultSpec[]): number {
    for (const f of faults) {
      if (!KINDS.has(f.kind)) throw new Error(`unknown fault kind "${String(f.kind)}"`);
      if (f.scope !== undefined && (f.kind !== FaultKind.ratelimit || !SCOPES.has(f.scope)))
        throw new Error(`fault scope "${String(f.scope)}" needs kind ratelimit and request or workspace`);
      const count = f.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new Error(`fault count must be a positive integer`);
      this.pending.push({ ...f, remaining: count });
    }
    return this.pending.length;
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Faults still waiting to fire. */
  get size(): number {
    return this.pending.length;
  }

  /** Requests currently parked by a `stall` fault. */
  get stalledCount(): number {
    return this.parked.size;
  }

  /** Resolves once at least `count` requests are parked (they reached the emulator). */
  whenStalled(count = 1): Promise<void> {
    if (this.parked.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.stallWaiters.push({ count, resolve }));
  }

  /** Let parked requests through; they are then answered as if they had just arrived. */
  releaseStalled(): number {
    const resumes = [...this.parked];
    this.parked.clear();
    for (const resume of resumes) resume();
    return resumes.length;
  }

  /** @internal Find and consume the first fault matching this request (`teamId`: the token's workspace). */
  take(
    method: string,
    channel: string | undefined,
    teamId: string | undefined,
    nowMs: number,
  ): FaultSpec | undefined {
    const i = this.pending.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.channel === undefined || f.channel === channel) &&
        (f.teamId === undefined || f.teamId === teamId),
    );
    if (i < 0) return undefined;
    const f = this.pending[i] as PendingFault;
    f.remaining -= 1;
    if (f.remaining <= 0) this.pending.splice(i, 1);
    this.fired.push({
      kind: f.kind,
      method,
      ...(channel === undefined ? {} : { channel }),
      ...(teamId === undefined ? {} : { teamId }),
      at: nowMs,
    });
    const { remaining: _, ...spec } = f;
    return spec;
  }

  /** @internal Park a stalled request; `drop` forgets it when its socket goes away. */
  park(resume: () => void): { drop: () => void } {
    this.parked.add(resume);
    for (let i = this.stallWaiters.length - 1; i >= 0; i--) {
      const w = this.stallWaiters[i]!;
      if (this.parked.size >= w.count) {
        this.stallWaiters.splice(i, 1);
        w.resolve();
      }
    }
    return { drop: () => this.parked.delete(resume) };
  }
}
