import type { DocType } from '@gprelay/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { PollRig } from '../../cursor/poll-rig';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from '../gp-simulator';
import { listAll, sbaSourceFor } from './sba-test-rig';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
const PAYABLES = 'sba:Purchasing/Payables/Transactions';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: GpSimulatorOptions = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const sim = await startGpSimulator({ clock, seed: 11, vendors: 30, invoices: 300, ...options });
  cleanups.push(() => sim.close());
  return { sim, clock };
}
function source(sim: GpSimulator, options: Parameters<typeof sbaSourceFor>[1] = {}) {
  const created = sbaSourceFor(sim, options);
  cleanups.push(() => created.close());
  return created;
}
function rig(
  sim: GpSimulator,
  clock: { now(): number },
  pageSize: number,
  docType: DocType = 'payables-invoice',
) {
  const created = new PollRig(source(sim), docType, clock, { pageSize });
  cleanups.push(() => created.close());
  return created;
}
function expectExactlyOnce(poll: PollRig, keys: string[]): void {
  const counts = poll.deliveryCounts();
  expect(
    [...counts.values()].every((n) => n === 1),
    JSON.stringify([...counts]),
  ).toBe(true);
  const delivered = new Set(poll.delivered.map((d) => d.key));
  for (const key of keys) expect(delivered.has(key), `${key} delivered`).toBe(true);
}
const iso = (ms: number) => new Date(ms).toISOString();

describe('SBA paging', () => {
  it('returns 50 invoices sharing one ModifiedDate across pages of 20 exactly once, in three list requests', async () => {
    const { sim, clock } = await simulator();
    clock.ms += MINUTE;
    const entered = Array.from({ length: 50 }, () => sim.addInvoice().voucherNumber.trimEnd());
    sim.resetStats();
    const { documents, pages, hasMoreEmpty } = await listAll(
      source(sim),
      'payables-invoice',
      iso(clock.ms),
      20,
    );
    expect(documents.map((d) => d.key)).toEqual([...entered].sort());
    expect(new Set(documents.map((d) => d.modifiedAt)).size).toBe(1);
    expect(pages).toBe(3);
    expect(hasMoreEmpty).toBe(false);
    expect(sim.stats.requestsByOperation).toEqual({ [PAYABLES]: 3 });
  });

  it('delivers them once each through the real poller and store, and nothing on the next poll', async () => {
    const { sim, clock } = await simulator();
    const poll = rig(sim, clock, 20);
    expect((await poll.poll()).kind).toBe('baseline');
    clock.ms += MINUTE;
    const entered = Array.from({ length: 50 }, () => sim.addInvoice().voucherNumber.trimEnd());
    expect(await poll.poll()).toMatchObject({ kind: 'polled', enqueued: 50, pages: 3 });
    clock.ms += 5_000;
    expect(await poll.poll()).toMatchObject({ kind: 'polled', enqueued: 0 });
    expectExactlyOnce(poll, entered);
    expect(poll.delivered).toHaveLength(50);
  });

  it('delivers a record modified between pages once per version, ending in its latest state', async () => {
    const { sim, clock } = await simulator();
    const poll = rig(sim, clock, 10);
    await poll.poll();
    clock.ms += MINUTE;
    const entered = Array.from({ length: 30 }, () => {
      const voucher = sim.addInvoice().voucherNumber.trimEnd();
      clock.ms += 10;
      return voucher;
    });
    poll.afterPage = (_page, n) => {
      if (n !== 1) return;
      clock.ms += 10;
      sim.postInvoice(entered[3]!); // read on page 1
      sim.postInvoice(entered[25]!); // not read yet
    };
    await poll.poll();
    poll.afterPage = null;
    clock.ms += 5_000;
    await poll.poll();
    expectExactlyOnce(poll, entered);
    expect(poll.delivered).toHaveLength(31);
    expect(poll.lastStates().get(entered[3]!)).toBe('posted');
    expect(poll.lastStates().get(entered[25]!)).toBe('posted');
  });

  it.each([
    ['3 minutes ahead of', 3 * MINUTE],
    ['10 minutes behind', -10 * MINUTE],
  ])(
    'loses nothing when the GP clock is %s the agent’s (first cursor from GP’s Date header)',
    async (_label, offset) => {
      const agentClock = { ms: START, now: () => agentClock.ms };
      const sim = await startGpSimulator({
        seed: 11,
        vendors: 30,
        invoices: 300,
        clock: { now: () => agentClock.ms + offset },
      });
      cleanups.push(() => sim.close());
      const poll = rig(sim, agentClock, 500);
      expect((await poll.poll()).kind).toBe('baseline');
      const entered: string[] = [];
      for (let round = 0; round < 3; round++) {
        agentClock.ms += 20_000;
        for (let i = 0; i < 4; i++) {
          entered.push(sim.addInvoice().voucherNumber.trimEnd());
          agentClock.ms += 250;
        }
        await poll.poll();
      }
      expectExactlyOnce(poll, entered);
      expect(poll.delivered).toHaveLength(12);
    },
  );

  it('resumes from a position it did not hand out (a restart mid-sweep) without skipping ties', async () => {
    const { sim, clock } = await simulator();
    clock.ms += MINUTE;
    const entered = Array.from({ length: 50 }, () => sim.addInvoice().voucherNumber.trimEnd());
    const since = iso(clock.ms);
    const first = await source(sim).listChanged({ docType: 'payables-invoice', since, pageSize: 20 });
    const last = first.documents.at(-1)!;
    const fresh = source(sim);
    const rest: string[] = [];
    let after = { modifiedAt: last.modifiedAt, key: last.key };
    for (;;) {
      const page = await fresh.listChanged({ docType: 'payables-invoice', since, pageSize: 20, after });
      rest.push(...page.documents.map((d) => d.key));
      if (!page.hasMore) break;
      after = { modifiedAt: page.documents.at(-1)!.modifiedAt, key: page.documents.at(-1)!.key };
    }
    expect([...first.documents.map((d) => d.key), ...rest]).toEqual([...entered].sort());
  });

  it('costs one request per document family when nothing changed', async () => {
    const { sim, clock } = await simulator({ purchaseOrders: 40, journals: 40 });
    const families = ['payables-invoice', 'purchase-order', 'gl-journal', 'vendor'] as const;
    const rigs = families.map((docType) => rig(sim, clock, 500, docType));
    for (const poll of rigs) expect((await poll.poll()).kind).toBe('baseline');
    clock.ms += 15_000;
    sim.resetStats();
    for (const poll of rigs)
      expect(await poll.poll()).toMatchObject({ kind: 'polled', enqueued: 0, pages: 1 });
    expect(sim.stats.requests).toBe(4);
    expect(Object.values(sim.stats.requestsByOperation)).toEqual([1, 1, 1, 1]);
  });

  it('reads 100 changes among 20,000 invoices in ⌈100/pageSize⌉ requests, bytes proportional to the changes', async () => {
    const { sim, clock } = await simulator({ invoices: 20_000, purchaseOrders: 0, journals: 0 });
    clock.ms += MINUTE;
    const since = iso(clock.ms);
    for (let i = 0; i < 100; i++) {
      sim.addInvoice();
      clock.ms += 7;
    }
    sim.resetStats();
    const { documents, pages } = await listAll(source(sim), 'payables-invoice', since, 20);
    expect(documents).toHaveLength(100);
    expect(pages).toBe(5);
    expect(sim.stats.requestsByOperation).toEqual({ [PAYABLES]: 5 });
    expect(sim.stats.responseBytes).toBeLessThan(100 * 1_500);
  });
});
