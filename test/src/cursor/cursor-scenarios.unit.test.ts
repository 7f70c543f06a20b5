import { afterEach, describe, expect, it } from 'vitest';
import { type GpSimulator, startGpSimulator } from '../gp-sim';
import { PollRig, TestClock } from './poll-rig';

const START = Date.parse('2026-11-25T10:00:00.000Z');
const MINUTE = 60_000;

/**
 * Issue 3's cursor scenarios, each ending with every change delivered exactly
 * once: the real SOAP source, poller and store against the GP simulator.
 */
describe('cursor discipline against the GP simulator', () => {
  let sim: GpSimulator;
  let rig: PollRig;
  let agentClock: TestClock;

  async function setUp(options: { gpClockOffsetMs?: number; pageSize?: number; timeoutMs?: number } = {}) {
    agentClock = new TestClock(START);
    const offset = options.gpClockOffsetMs ?? 0;
    sim = await startGpSimulator({
      seed: 11,
      vendors: 30,
      invoices: 300,
      clock: { now: () => agentClock.ms + offset },
    });
    rig = PollRig.soap(sim, agentClock, options);
    expect((await rig.poll()).kind).toBe('baseline');
  }

  afterEach(async () => {
    await rig?.close();
    await sim?.close();
  });

  /** Enters `count` invoices; `spacingMs` apart on GP's clock (0 = all on one timestamp). */
  function enter(count: number, spacingMs: number): string[] {
    const vouchers: string[] = [];
    for (let i = 0; i < count; i += 1) {
      vouchers.push(sim.addInvoice().voucherNumber.trim());
      agentClock.ms += spacingMs;
    }
    return vouchers;
  }

  function expectExactlyOnce(vouchers: string[]): void {
    const counts = rig.deliveryCounts();
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true);
    const keys = new Set(rig.delivered.map((d) => d.key));
    for (const voucher of vouchers) expect(keys.has(voucher), `voucher ${voucher} delivered`).toBe(true);
  }

  it('delivers 50 invoices sharing one ModifiedDate across page boundaries once each', async () => {
    await setUp({ pageSize: 20 });
    agentClock.ms += MINUTE;
    const vouchers = enter(50, 0);
    const outcome = await rig.poll();
    expect(outcome).toMatchObject({ kind: 'polled', enqueued: 50 });
    expect(outcome.kind === 'polled' && outcome.pages).toBeGreaterThanOrEqual(3);
    agentClock.ms += 5_000;
    expect(await rig.poll()).toMatchObject({ enqueued: 0 });
    expectExactlyOnce(vouchers);
    expect(rig.delivered).toHaveLength(50);
  });

  it('delivers a record modified during a poll, once per version, ending in its latest state', async () => {
    await setUp({ pageSize: 10 });
    agentClock.ms += MINUTE;
    const vouchers = enter(30, 10);
    rig.afterPage = (_page, n) => {
      if (n !== 1) return;
      agentClock.ms += 10;
      sim.postInvoice(vouchers[3]!); // already read on page 1
      sim.postInvoice(vouchers[25]!); // not read yet
    };
    await rig.poll();
    rig.afterPage = null;
    agentClock.ms += 5_000;
    await rig.poll();
    expectExactlyOnce(vouchers);
    expect(rig.lastStates().get(vouchers[3]!)).toBe('posted');
    expect(rig.lastStates().get(vouchers[25]!)).toBe('posted');
  });

  it.each([
    ['3 minutes ahead of', 3 * MINUTE],
    ['10 minutes behind', -10 * MINUTE],
  ])('loses nothing when the GP clock is %s the agent’s', async (_label, offset) => {
    await setUp({ gpClockOffsetMs: offset });
    const vouchers: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      agentClock.ms += 20_000;
      vouchers.push(...enter(4, 250));
      await rig.poll();
    }
    expectExactlyOnce(vouchers);
  });

  it('resumes after a 401 in the middle of paging', async () => {
    await setUp({ pageSize: 20 });
    agentClock.ms += MINUTE;
    const vouchers = enter(45, 5);
    rig.afterPage = (_page, n) => {
      if (n === 1) sim.faults.push({ kind: 'http-401', operation: 'GetPayablesDocumentList' });
    };
    expect(await rig.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_AUTH_FAILED' });
    // The first page was committed with its cursor before the 401.
    expect(rig.delivered.length).toBeGreaterThan(10);
    expect(rig.delivered.length).toBeLessThan(45);
    rig.afterPage = null;
    agentClock.ms += 5_000;
    expect(await rig.poll()).toMatchObject({ kind: 'polled' });
    expectExactlyOnce(vouchers);
  });

  it('retries the cycle after a SOAP fault', async () => {
    await setUp({ pageSize: 20 });
    agentClock.ms += MINUTE;
    const vouchers = enter(30, 5);
    rig.afterPage = (_page, n) => {
      if (n === 1) sim.faults.push({ kind: 'soap-fault', operation: 'GetPayablesInvoiceByKey' });
    };
    expect(await rig.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_FAULT' });
    rig.afterPage = null;
    agentClock.ms += 5_000;
    await rig.poll();
    expectExactlyOnce(vouchers);
  });

  it('times out on a stalled GP, then the next cycle delivers', async () => {
    await setUp({ pageSize: 20, timeoutMs: 300 });
    agentClock.ms += MINUTE;
    const vouchers = enter(30, 5);
    rig.afterPage = (_page, n) => {
      if (n === 1) sim.faults.push({ kind: 'stall', operation: 'GetPayablesDocumentList', ms: 30_000 });
    };
    expect(await rig.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_TIMEOUT' });
    rig.afterPage = null;
    agentClock.ms += 5_000;
    await rig.poll();
    expectExactlyOnce(vouchers);
  });
});
