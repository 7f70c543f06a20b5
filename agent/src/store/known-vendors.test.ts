import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VendorDelta, VendorRecord } from '@gprelay/shared';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangedDocument } from '../gp/gp-source';
import { LocalStore } from './local-store';
import { vendorDocument } from './test-documents';

const COMPANY = 'Fabrikam, Inc.';
const ALL = { maxItems: 500, maxBytes: 1024 * 1024 };
const EARLIER = '2026-06-30T08:00:00.000Z';
const T0 = '2026-11-25T10:00:00.000Z';
const T1 = '2026-11-25T10:05:00.000Z';
const T2 = '2026-11-25T10:10:00.000Z';

let dir: string;
let path: string;
const clock = { now: () => Date.parse('2026-11-25T12:00:00.000Z') };
const opened: LocalStore[] = [];

function open(): LocalStore {
  const store = LocalStore.open(path, { clock });
  opened.push(store);
  return store;
}

function vendor(id: string, modifiedAt: string, record: Partial<VendorRecord> = {}): ChangedDocument {
  return vendorDocument(id, { modifiedAt, record });
}

/** The first run: the cursor goes to the last document read, else to `emptyAt`. */
function baseline(store: LocalStore, documents: ChangedDocument[], emptyAt = T0) {
  const last = documents.at(-1);
  return store.recordBaseline({
    company: COMPANY,
    docType: 'vendor',
    cursor: last ? { modifiedAt: last.modifiedAt, key: last.key } : { modifiedAt: emptyAt, key: '' },
    documents,
  });
}

function poll(store: LocalStore, documents: ChangedDocument[]) {
  const last = documents.at(-1)!;
  return store.recordPoll({
    company: COMPANY,
    docType: 'vendor',
    cursor: { modifiedAt: last.modifiedAt, key: last.key },
    documents,
  });
}

/** Everything in the outbox, acked as the cloud would. */
function sent(store: LocalStore): VendorDelta[] {
  const deltas: VendorDelta[] = [];
  for (let batch = store.nextBatch(ALL); batch; batch = store.nextBatch(ALL)) {
    deltas.push(...(batch.deltas as VendorDelta[]));
    store.ack(batch.batchId);
  }
  return deltas;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-vendors-'));
  path = join(dir, 'agent.db');
});
afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the last known vendor record', () => {
  it('goes out as previous once the baseline has seen the vendor, and follows each emitted change', () => {
    const store = open();
    baseline(store, [vendor('ACME', T0)]);
    expect(sent(store)).toEqual([]);

    poll(store, [vendor('ACME', T1, { onHold: true })]);
    poll(store, [vendor('ACME', T2, { onHold: true, paymentTerms: 'Net 45' })]);
    const [held, terms] = sent(store);
    expect(held!.previous).toEqual(vendor('ACME', T0).record);
    expect(held!.record.onHold).toBe(true);
    expect(terms!.previous).toEqual({ ...vendor('ACME', T0).record, onHold: true });
    expect(terms!.record.paymentTerms).toBe('Net 45');
  });

  it('says nothing of the vendor before when it cannot know (table not read, vendor not seen)', () => {
    const store = open();
    baseline(store, []);
    poll(store, [vendor('ACME', T1, { onHold: true })]);
    const [delta] = sent(store);
    expect(delta).toBeDefined();
    expect(delta).not.toHaveProperty('previous');
  });

  it('takes each version of a vendor changed twice in one page as the previous of the next', () => {
    const store = open();
    baseline(store, [vendor('ACME', T0)]);
    poll(store, [vendor('ACME', T1, { name: 'Acme B' }), vendor('ACME', T2, { name: 'Acme C' })]);
    expect(sent(store).map((d) => [d.previous?.name, d.record.name])).toEqual([
      ['Vendor ACME', 'Acme B'],
      ['Acme B', 'Acme C'],
    ]);
  });

  it('sends the change without previous when the remembered record is one the protocol refuses', () => {
    const store = open();
    baseline(store, [vendor('ACME', T0, { name: 'x'.repeat(80) })]);
    const outcome = poll(store, [vendor('ACME', T1, { name: 'Acme Supplies' })]);
    expect(outcome).toMatchObject({ enqueued: 1, rejected: [] });
    const [delta] = sent(store);
    expect(delta!.record.name).toBe('Acme Supplies');
    expect(delta).not.toHaveProperty('previous');
  });

  it('does not remember a version the cloud would refuse as the previous of the next', () => {
    const store = open();
    baseline(store, [vendor('ACME', T0)]);
    expect(poll(store, [vendor('ACME', T1, { name: 'x'.repeat(80) })]).rejected).toHaveLength(1);
    poll(store, [vendor('ACME', T2, { name: 'Acme Supplies' })]);
    const [delta] = sent(store);
    expect(delta!.record.name).toBe('Acme Supplies');
    expect(delta).not.toHaveProperty('previous');
  });
});

describe('reading the whole vendor table', () => {
  it('remembers every settled vendor without emitting, and from then on calls an unknown vendor new', () => {
    const store = open();
    baseline(store, [], T1);
    expect(store.knowsVendorTable(COMPANY)).toBe(false);
    const page = { company: COMPANY, documents: [vendor('A', EARLIER), vendor('B', T0)] };
    expect(store.recordVendorTablePage({ ...page, complete: false })).toBe(2);
    expect(store.knowsVendorTable(COMPANY)).toBe(false);
    expect(store.recordVendorTablePage({ company: COMPANY, documents: [], complete: true })).toBe(0);
    expect(store.knowsVendorTable(COMPANY)).toBe(true);
    expect(sent(store)).toEqual([]);
    expect(store.getCursor(COMPANY, 'vendor')).toEqual({ modifiedAt: T1, key: '' });

    poll(store, [vendor('A', T2, { status: 'inactive' }), vendor('NEW', T2, { createdDate: '2026-11-25' })]);
    const [inactivated, created] = sent(store);
    expect(inactivated!.previous).toEqual(vendor('A', EARLIER).record);
    expect(created!.previous).toBeNull();
  });

  it('does not take a vendor that changed after the cursor as its own before, nor replace what a poll stored', () => {
    const store = open();
    baseline(store, [vendor('POLLED', T0, { paymentTerms: 'Net 10' })]);
    // Read after the baseline: POLLED changed again meanwhile (not polled yet), LATE too.
    store.recordVendorTablePage({
      company: COMPANY,
      documents: [vendor('POLLED', T0, { paymentTerms: 'Net 99' }), vendor('LATE', T1, { onHold: true })],
      complete: true,
    });
    poll(store, [vendor('POLLED', T2, { paymentTerms: 'Net 20' }), vendor('LATE', T2, { onHold: true })]);
    const [polled, late] = sent(store);
    expect(polled!.previous?.paymentTerms).toBe('Net 10');
    expect(late!.key).toBe('LATE');
    expect(late).not.toHaveProperty('previous');
  });

  it('keeps known vendors and the table mark across a restart', () => {
    const first = open();
    baseline(first, [vendor('A', T0)]);
    first.recordVendorTablePage({ company: COMPANY, documents: [vendor('B', EARLIER)], complete: true });
    first.close();

    const again = open();
    expect(again.knowsVendorTable(COMPANY)).toBe(true);
    poll(again, [vendor('A', T1, { onHold: true }), vendor('B', T1, { name: 'B2' }), vendor('C', T1)]);
    expect(sent(again).map((d) => d.previous?.name ?? d.previous)).toEqual(['Vendor A', 'Vendor B', null]);
  });

  it('migrates a store written before vendors were remembered, keeping its cursor and outbox', () => {
    const before = open();
    baseline(before, [], T0);
    poll(before, [vendor('A', T1)]);
    before.close();
    // What an agent of the previous schema (v2) left behind.
    const raw = new BetterSqlite3(path);
    raw.exec('DROP TABLE known_vendors; DROP TABLE vendor_tables_read;');
    raw.pragma('user_version = 2');
    raw.close();

    const after = open();
    expect(after.getCursor(COMPANY, 'vendor')).toEqual({ modifiedAt: T1, key: 'A' });
    expect(after.knowsVendorTable(COMPANY)).toBe(false);
    const [waiting] = sent(after);
    expect(waiting!.key).toBe('A');
    after.recordVendorTablePage({ company: COMPANY, documents: [vendor('A', T1)], complete: true });
    poll(after, [vendor('A', T2, { onHold: true })]);
    expect(sent(after).map((d) => d.previous)).toEqual([vendor('A', T1).record]);
  });
});
