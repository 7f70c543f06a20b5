import type { CompanyDatabase } from './model/company-database';
import type { Rng } from './model/rng';
import { PmTable } from './model/tables';

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
  timer?: ScenarioTimer;
  /** Told about every change, e.g. to print it in the demo. */
  onEvent?: (event: ScenarioEvent) => void;
}

export interface ScenarioEvent {
  readonly action: 'added' | 'posted' | 'held' | 'paid';
  readonly voucherNumber: string;
  readonly vendorId: string;
  readonly documentAmount: bigint;
}

export interface ScenarioHandle {
  readonly ticks: number;
  /** Runs one tick now (tests and the demo's "next" key). */
  tick(): void;
  stop(): void;
}

/**
 * A demo driver: a new invoice every `intervalMs`, and now and then a posting,
 * a hold or a payment, all through the same mutation API tests use.
 */
export function startScenario(company: CompanyDatabase, rng: Rng, options: ScenarioOptions): ScenarioHandle {
  if (!(options.intervalMs > 0)) throw new RangeError('intervalMs must be a positive number of milliseconds');
  const timer = options.timer ?? realTimer;
  const postEvery = options.postEvery ?? 3;
  const holdEvery = options.holdEvery ?? 5;
  const payEvery = options.payEvery ?? 0;
  const unposted: string[] = [];
  const posted: string[] = [];
  let ticks = 0;
  let stopped = false;
  const emit = (action: ScenarioEvent['action'], voucherNumber: string) => {
    const row = company.document(voucherNumber);
    if (row && options.onEvent) {
      options.onEvent({
        action,
        voucherNumber: voucherNumber.trimEnd(),
        vendorId: row.vendorId.trimEnd(),
        documentAmount: row.documentAmount,
      });
    }
  };
  const isOpen = (voucher: string) => company.document(voucher)?.table === PmTable.open;

  const tick = () => {
    if (stopped) return;
    ticks++;
    const added = company.addInvoice();
    unposted.push(added.voucherNumber);
    emit('added', added.voucherNumber);
    if (postEvery > 0 && ticks % postEvery === 0) {
      const voucher = unposted.shift();
      if (voucher !== undefined && company.document(voucher)?.table === PmTable.work) {
        company.postInvoice(voucher);
        posted.push(voucher);
        emit('posted', voucher);
      }
    }
    const candidates = () => posted.filter((voucher) => isOpen(voucher) && !company.document(voucher)?.hold);
    if (holdEvery > 0 && ticks % holdEvery === 0) {
      const open = candidates();
      if (open.length > 0) {
        const voucher = rng.pick(open);
        company.holdInvoice(voucher, true);
        emit('held', voucher);
      }
    }
    if (payEvery > 0 && ticks % payEvery === 0) {
      const open = candidates();
      if (open.length > 0) {
        const voucher = rng.pick(open);
        company.payInvoice(voucher);
        emit('paid', voucher);
      }
    }
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
