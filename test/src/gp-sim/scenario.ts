import type { CompanyDatabase } from './model/company-database';
import { GpSimError } from './model/gp-sim-error';
import type { Rng } from './model/rng';
import {
  JournalSteps,
  PayablesSteps,
  PurchaseOrderSteps,
  type ScenarioEvent,
  VendorSteps,
} from './scenario-steps';

export type { ScenarioEvent } from './scenario-steps';

/** Timer functions the scenario uses; tests pass a fake to step it by hand. */
export interface ScenarioTimer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimer: ScenarioTimer = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface ScenarioOptions {
  /** Milliseconds between ticks; each tick enters one invoice. */
  intervalMs: number;
  /** Post the oldest unposted scenario invoice every N ticks (default 3; 0 = never). */
  postEvery?: number;
  /** Put a random posted scenario invoice on hold every N ticks (default 5; 0 = never). */
  holdEvery?: number;
  /** Pay a random posted, not held scenario invoice every N ticks (default 0 = never). */
  payEvery?: number;
  /**
   * Every N ticks create a purchase order and move the oldest open scenario
   * PO one step on: approve (release), receive, close (default 2; 0 = never).
   */
  purchaseOrderEvery?: number;
  /** Every N ticks enter a GL journal and post the one entered before (default 3; 0 = never). */
  journalEvery?: number;
  /**
   * Every N ticks change a vendor: terms changed, held, released,
   * inactivated, reactivated, then the next vendor (default 4; 0 = never).
   */
  vendorEvery?: number;
  timer?: ScenarioTimer;
  /** Told about every change, e.g. to print it in the demo (`event.text`). */
  onEvent?: (event: ScenarioEvent) => void;
}

export interface ScenarioHandle {
  readonly ticks: number;
  /** Runs one tick now (tests and the demo's "next" key). */
  tick(): void;
  stop(): void;
}

/**
 * A demo driver: a new invoice every `intervalMs`, and now and then a
 * posting, a hold or a payment, a purchase order approved and received, a
 * journal posted, a vendor changed, all through the same mutation API tests
 * use.
 */
export function startScenario(company: CompanyDatabase, rng: Rng, options: ScenarioOptions): ScenarioHandle {
  if (!(options.intervalMs > 0)) throw new RangeError('intervalMs must be a positive number of milliseconds');
  const timer = options.timer ?? realTimer;
  const every = (n: number | undefined, fallback: number) => {
    const value = n ?? fallback;
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError('every-N options must be whole numbers ≥ 0');
    return value;
  };
  const postEvery = every(options.postEvery, 3);
  const holdEvery = every(options.holdEvery, 5);
  const payEvery = every(options.payEvery, 0);
  const poEvery = every(options.purchaseOrderEvery, 2);
  const journalEvery = every(options.journalEvery, 3);
  const vendorEvery = every(options.vendorEvery, 4);
  const emit = (event: ScenarioEvent) => options.onEvent?.(event);
  const payables = new PayablesSteps(company, rng, emit);
  const purchaseOrders = new PurchaseOrderSteps(company, emit);
  const journals = new JournalSteps(company, emit);
  const vendors = new VendorSteps(company, rng, emit);
  const due = (n: number) => n > 0 && ticks % n === 0;
  let ticks = 0;
  let stopped = false;

  // A step GP refuses (someone else changed the same document meanwhile) is skipped, never thrown out
  // of a timer callback, where it would end the demo process.
  const attempt = (step: () => void) => {
    try {
      step();
    } catch (error) {
      if (!(error instanceof GpSimError)) throw error;
    }
  };
  const tick = () => {
    if (stopped) return;
    ticks++;
    attempt(() => payables.add());
    if (due(postEvery)) attempt(() => payables.postOldest());
    if (due(holdEvery)) attempt(() => payables.holdOne());
    if (due(payEvery)) attempt(() => payables.payOne());
    if (due(poEvery)) attempt(() => purchaseOrders.step());
    if (due(journalEvery)) attempt(() => journals.step());
    if (due(vendorEvery)) attempt(() => vendors.step());
  };
  const handle = timer.setInterval(tick, options.intervalMs);
  return {
    get ticks() {
      return ticks;
    },
    tick,
    stop() {
      if (stopped) return;
      stopped = true;
      timer.clearInterval(handle);
    },
  };
}
