import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayablesInvoiceRecord } from '@gprelay/shared';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentErrorCode } from '../errors';
import type { ChangedDocument } from '../gp/gp-source';
import { documentVersion } from './document-version';
import { eventId } from './event-id';
import { LocalStore, type LocalStoreOptions } from './local-store';
import { payablesDocument } from './test-documents';

const COMPANY = 'Fabrikam, Inc.';
const PI = 'payables-invoice' as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const cursorAt = (modifiedAt: string, key = 'K') => ({ modifiedAt, key });
const ALL = { maxItems: 500, maxBytes: 1024 * 1024 };

let dir: string;
let path: string;
let nowMs: number;
const clock = { now: () => nowMs };
const opened: LocalStore[] = [];

function open(options: LocalStoreOptions = {}): LocalStore {
  const store = LocalStore.open(path, { clock, ...options });
  opened.push(store);
  return store;
}

function poll(store: LocalStore, keys: string[], cursor = cursorAt('2026-11-25T10:00:00.000Z')) {
  return store.recordPoll({
    company: COMPANY,
    docType: PI,
    cursor,
    documents: keys.map((k) => payablesDocument(k)),
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-store-'));
  path = join(dir, 'state', 'agent.db');
  nowMs = Date.parse('2026-11-25T12:00:00.000Z');
});
afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('LocalStore.recordPoll', () => {
  it('enqueues an upsert delta per new document and advances the cursor', () => {
    const store = open();
    const outcome = poll(store, ['V1', 'V2'], cursorAt('2026-11-25T10:00:00.000Z', 'V2'));
    expect(outcome).toEqual({ enqueued: 2, unchanged: 0, rejected: [], dropped: 0 });
    expect(store.getCursor(COMPANY, PI)).toEqual({ modifiedAt: '2026-11-25T10:00:00.000Z', key: 'V2' });

    const batch = store.nextBatch(ALL)!;
    const document = payablesDocument('V1');
    const version = documentVersion(document);
    expect(batch.deltas[0]).toEqual({
      eventId: eventId(COMPANY, PI, 'V1', version),
      company: COMPANY,
      docType: PI,
      key: 'V1',
      version,
      op: 'upsert',
      modifiedAt: document.modifiedAt,
      state: 'unposted',
      record: document.record,
    });
    expect(batch.deltas.map((d) => d.key)).toEqual(['V1', 'V2']);
  });

  it('treats a re-read of unchanged content as unchanged and a real change as a new version', () => {
    const store = open();
    poll(store, ['V1', 'V2']);
    expect(poll(store, ['V1', 'V2'])).toMatchObject({ enqueued: 0, unchanged: 2 });

    const changed = payablesDocument('V1', {
      record: { hold: true },
      modifiedAt: '2026-11-25T10:05:00.000Z',
    });
    const outcome = store.recordPoll({
      company: COMPANY,
      docType: PI,
      cursor: cursorAt(changed.modifiedAt, 'V1'),
      documents: [changed, payablesDocument('V2')],
    });
    expect(outcome).toMatchObject({ enqueued: 1, unchanged: 1 });
    const keys = store.nextBatch(ALL)!.deltas.map((d) => [d.key, (d.record as PayablesInvoiceRecord).hold]);
    expect(keys).toEqual([
      ['V1', null],
      ['V2', null],
      ['V1', true],
    ]);
  });

  it('keeps every version of a key that changes twice within one page, in order', () => {
    const store = open();
    const first = payablesDocument('V1', {
      record: { amount: { value: '1.00', currency: 'USD', decimalDigits: 2 } },
    });
    const second = payablesDocument('V1', {
      record: { amount: { value: '2.00', currency: 'USD', decimalDigits: 2 } },
    });
    const outcome = store.recordPoll({
      company: COMPANY,
      docType: PI,
      cursor: cursorAt(first.modifiedAt),
      documents: [first, second, second],
    });
    expect(outcome).toMatchObject({ enqueued: 2, unchanged: 1 });
    expect(store.nextBatch(ALL)!.deltas.map((d) => (d.record as PayablesInvoiceRecord).amount.value)).toEqual(
      ['1.00', '2.00'],
    );
  });

  it('never moves the cursor backwards', () => {
    const store = open();
    poll(store, [], cursorAt('2026-11-25T10:00:00.000Z', 'B'));
    poll(store, [], cursorAt('2026-11-25T09:00:00.000Z', 'Z'));
    poll(store, [], cursorAt('2026-11-25T10:00:00Z', 'A'));
    expect(store.getCursor(COMPANY, PI)).toEqual(cursorAt('2026-11-25T10:00:00.000Z', 'B'));
    poll(store, [], cursorAt('2026-11-25T10:00:00.000Z', 'C'));
    expect(store.getCursor(COMPANY, PI)).toEqual(cursorAt('2026-11-25T10:00:00.000Z', 'C'));
    expect(store.listCursors()).toEqual([
      {
        company: COMPANY,
        docType: PI,
        cursor: cursorAt('2026-11-25T10:00:00.000Z', 'C'),
        updatedAtMs: nowMs,
      },
    ]);
  });

  it('keeps cursors per (company, docType)', () => {
    const store = open();
    poll(store, [], cursorAt('2026-11-25T10:00:00.000Z'));
    store.recordPoll({
      company: 'TWO',
      docType: PI,
      cursor: cursorAt('2026-01-01T00:00:00.000Z'),
      documents: [],
    });
    expect(store.getCursor('TWO', PI)?.modifiedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(store.getCursor(COMPANY, 'vendor')).toBeNull();
  });

  it('writes nothing at all when the poll fails half way (one transaction)', () => {
    const store = open();
    poll(store, ['V0'], cursorAt('2026-11-25T09:00:00.000Z'));
    const poisoned = payablesDocument('V2');
    (poisoned.record as unknown as Record<string, unknown>).extra = Number.NaN;
    expect(() =>
      store.recordPoll({
        company: COMPANY,
        docType: PI,
        cursor: cursorAt('2026-11-25T10:00:00.000Z'),
        documents: [payablesDocument('V1'), poisoned],
      }),
    ).toThrow(/NaN/);
    expect(store.getCursor(COMPANY, PI)).toEqual(cursorAt('2026-11-25T09:00:00.000Z'));
    expect(store.stats().depth).toBe(1);
    // V1 was not remembered as emitted either: the retry enqueues it.
    expect(poll(store, ['V1'])).toMatchObject({ enqueued: 1 });
  });

  it('refuses a cursor that is not an ISO UTC time, before writing anything', () => {
    const store = open();
    const error = (() => {
      try {
        poll(store, ['V1'], cursorAt('25/11/2026'));
      } catch (caught) {
        return caught as { code: string; message: string };
      }
    })();
    expect(error?.code).toBe(AgentErrorCode.store);
    expect(error?.message).toContain('"25/11/2026" is not an ISO 8601 UTC time');
    expect(store.stats().depth).toBe(0);
  });

  it('leaves out documents the cloud would refuse, naming the field, and still advances', () => {
    const store = open();
    const tooLong = payablesDocument('V2', { record: { vendorName: 'x'.repeat(80) } });
    const outcome = store.recordPoll({
      company: COMPANY,
      docType: PI,
      cursor: cursorAt('2026-11-25T10:00:00.000Z', 'V3'),
      documents: [
        payablesDocument('V1'),
        tooLong,
        { ...payablesDocument('V3'), docType: 'vendor' } as unknown as ChangedDocument,
      ],
    });
    expect(outcome.enqueued).toBe(1);
    expect(outcome.rejected).toHaveLength(2);
    expect(outcome.rejected[0]).toMatchObject({ key: 'V2' });
    expect(outcome.rejected[0]!.reason).toContain('/record/vendorName');
    expect(outcome.rejected[0]!.reason).not.toContain('xxxx');
    expect(outcome.rejected[1]).toEqual({
      key: 'V3',
      reason: 'docType is vendor in a payables-invoice poll',
    });
    expect(store.getCursor(COMPANY, PI)?.key).toBe('V3');

    // A lookback re-read of the same bad content is not reported again; a fixed record is sent.
    const reread = store.recordPoll({
      company: COMPANY,
      docType: PI,
      cursor: cursorAt('2026-11-25T10:00:00.000Z'),
      documents: [tooLong],
    });
    expect(reread).toMatchObject({ enqueued: 0, unchanged: 1, rejected: [] });
    const fixed = payablesDocument('V2', { record: { vendorName: 'x'.repeat(65) } });
    expect(
      store.recordPoll({
        company: COMPANY,
        docType: PI,
        cursor: cursorAt('2026-11-25T10:00:00.000Z'),
        documents: [fixed],
      }),
    ).toMatchObject({ enqueued: 1 });
  });
});

describe('LocalStore.recordBaseline', () => {
  it('records the cursor and versions but enqueues nothing, so later re-reads are quiet', () => {
    const store = open();
    const outcome = store.recordBaseline({
      company: COMPANY,
      docType: PI,
      cursor: cursorAt('2026-11-25T10:00:00.000Z', 'V2'),
      documents: [payablesDocument('V1'), payablesDocument('V2')],
    });
    expect(outcome).toEqual({ enqueued: 0, unchanged: 0, rejected: [], dropped: 0 });
    expect(store.getCursor(COMPANY, PI)).toEqual(cursorAt('2026-11-25T10:00:00.000Z', 'V2'));
    expect(store.nextBatch(ALL)).toBeNull();
    expect(poll(store, ['V1', 'V2', 'V3'])).toMatchObject({ enqueued: 1, unchanged: 2 });
  });
});

describe('LocalStore outbox batches', () => {
  it('cuts batches by item count and bytes, oldest first, and returns null when all are in flight', () => {
    const store = open();
    poll(store, ['V1', 'V2', 'V3', 'V4', 'V5']);
    const first = store.nextBatch({ maxItems: 2, maxBytes: 1024 * 1024 })!;
    expect(first.deltas.map((d) => d.key)).toEqual(['V1', 'V2']);
    const rowBytes = Buffer.byteLength(JSON.stringify(first.deltas[0]));
    const second = store.nextBatch({ maxItems: 10, maxBytes: rowBytes * 2 + 1 })!;
    expect(second.deltas.map((d) => d.key)).toEqual(['V3']);
    const third = store.nextBatch({ maxItems: 10, maxBytes: 10 })!; // at least one, even if too big
    expect(third.deltas.map((d) => d.key)).toEqual(['V4']);
    expect(new Set([first.batchId, second.batchId, third.batchId]).size).toBe(3);
    expect(store.nextBatch(ALL)!.deltas.map((d) => d.key)).toEqual(['V5']);
    expect(store.nextBatch(ALL)).toBeNull();
    expect(store.stats()).toMatchObject({ depth: 5, inFlightBatches: 4 });
  });

  it('clamps a batch to the protocol limit of 500 deltas', () => {
    const store = open();
    poll(
      store,
      Array.from({ length: 501 }, (_, i) => `V${i}`),
    );
    expect(store.nextBatch({ maxItems: 10_000, maxBytes: 64 * 1024 * 1024 })!.deltas).toHaveLength(500);
  });

  it('ack deletes exactly the rows of that batch; an unknown or repeated ack deletes nothing', () => {
    const store = open();
    poll(store, ['V1', 'V2', 'V3']);
    const first = store.nextBatch({ maxItems: 2, maxBytes: 1024 * 1024 })!;
    const second = store.nextBatch(ALL)!;
    expect(store.ack(second.batchId)).toBe(1);
    expect(store.ack(second.batchId)).toBe(0);
    expect(store.ack('no-such-batch')).toBe(0);
    expect(store.stats()).toMatchObject({ depth: 2, inFlightBatches: 1 });
    expect(store.ack(first.batchId)).toBe(2);
    expect(store.stats()).toMatchObject({ depth: 0, bytes: 0, oldestAgeMs: null, inFlightBatches: 0 });
  });

  it('offers unacked batches again with the same ids and rows after requeueInFlight, before new rows', () => {
    const store = open();
    poll(store, ['V1', 'V2', 'V3']);
    const first = store.nextBatch({ maxItems: 1, maxBytes: 1024 * 1024 })!;
    const second = store.nextBatch({ maxItems: 1, maxBytes: 1024 * 1024 })!;
    poll(store, ['V4']);
    store.requeueInFlight();
    expect(store.nextBatch(ALL)).toEqual(first);
    expect(store.nextBatch(ALL)).toEqual(second);
    expect(store.nextBatch(ALL)!.deltas.map((d) => d.key)).toEqual(['V3', 'V4']);
  });

  it('survives close-without-ack: reopened, it offers the same rows under the same batch ids', () => {
    const store = open();
    poll(store, ['V1', 'V2', 'V3']);
    const first = store.nextBatch({ maxItems: 2, maxBytes: 1024 * 1024 })!;
    store.close();

    const reopened = open();
    expect(reopened.getCursor(COMPANY, PI)).toEqual(cursorAt('2026-11-25T10:00:00.000Z'));
    expect(reopened.stats().depth).toBe(3);
    expect(reopened.nextBatch(ALL)).toEqual(first);
    const rest = reopened.nextBatch(ALL)!;
    expect(rest.deltas.map((d) => d.key)).toEqual(['V3']);
    expect(reopened.ack(first.batchId)).toBe(2);
    reopened.close();

    const again = open();
    expect(again.nextBatch(ALL)).toEqual(rest);
    expect(poll(again, ['V1', 'V2', 'V3'])).toMatchObject({ enqueued: 0, unchanged: 3 });
  });

  posix('creates the store file 0600', async () => {
    open();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps depth and bytes exact through appends, acks and drops, equal to a count of the rows', () => {
    const store = open({ limits: { maxRows: 4 } });
    poll(store, ['V1', 'V2', 'V3']);
    const batch = store.nextBatch({ maxItems: 2, maxBytes: 1024 * 1024 })!;
    store.ack(batch.batchId);
    poll(store, ['V4', 'V5', 'V6', 'V7']); // 5 rows over a limit of 4: V3 dropped
    store.close();
    const raw = new BetterSqlite3(path);
    const counted = raw.prepare('SELECT COUNT(*) AS depth, SUM(bytes) AS bytes FROM outbox').get();
    raw.close();
    expect(counted).toEqual({ depth: 4, bytes: expect.any(Number) });
    expect(open().stats()).toMatchObject(counted as object);
  });

  it('upgrades a version 1 store that already buffers rows: its totals are counted once', () => {
    const store = open();
    poll(store, ['V1', 'V2']);
    const before = store.stats();
    store.close();
    const raw = new BetterSqlite3(path);
    raw.exec(`DROP TRIGGER outbox_totals_on_insert; DROP TRIGGER outbox_totals_on_delete;
      DELETE FROM counters WHERE name IN ('outbox_rows', 'outbox_bytes');
      DROP TABLE known_vendors; DROP TABLE vendor_tables_read; PRAGMA user_version = 1;`);
    raw.close();
    const upgraded = open();
    expect(upgraded.stats()).toMatchObject({ depth: 2, bytes: before.bytes });
    poll(upgraded, ['V3']);
    expect(upgraded.stats().depth).toBe(3);
  });

  it('refuses a store written by a newer agent', () => {
    open().close();
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => open()).toThrow(/schema version 99, newer than this agent understands/);
  });
});

describe('LocalStore outbox limits', () => {
  it('drops the oldest rows over maxRows and counts them across restarts', () => {
    const store = open({ limits: { maxRows: 3 } });
    poll(store, ['V1', 'V2']);
    expect(poll(store, ['V3', 'V4', 'V5'])).toMatchObject({ enqueued: 3, dropped: 2 });
    expect(store.nextBatch(ALL)!.deltas.map((d) => d.key)).toEqual(['V3', 'V4', 'V5']);
    store.close();
    expect(open().stats()).toMatchObject({ depth: 3, dropped: 2 });
  });

  it('drops the oldest rows over maxBytes', () => {
    const probe = open();
    poll(probe, ['V1']);
    const rowBytes = probe.stats().bytes;
    probe.close();
    const store = open({ limits: { maxBytes: rowBytes * 2 + 10 } });
    expect(poll(store, ['V2', 'V3'])).toMatchObject({ dropped: 1 });
    expect(store.stats()).toMatchObject({ depth: 2, dropped: 1 });
    expect(store.nextBatch(ALL)!.deltas.map((d) => d.key)).toEqual(['V2', 'V3']);
  });

  it('drops rows older than maxAgeMs, reports the oldest age, and never blocks the poller', () => {
    const store = open({ limits: { maxAgeMs: 2 * DAY_MS } });
    poll(store, ['V1']);
    nowMs += DAY_MS;
    poll(store, ['V2']);
    expect(store.stats()).toMatchObject({ depth: 2, oldestAgeMs: DAY_MS, dropped: 0 });
    nowMs += DAY_MS + 1;
    expect(store.enforceLimits()).toBe(1);
    expect(store.stats()).toMatchObject({ depth: 1, oldestAgeMs: DAY_MS + 1, dropped: 1 });
    expect(store.stats(nowMs + 5)).toMatchObject({ oldestAgeMs: DAY_MS + 6 });
  });

  it('rejects nonsensical limits, listing every problem', () => {
    expect(() => open({ limits: { maxRows: 0, maxAgeMs: -1 } })).toThrow(
      'invalid outbox limits: maxRows must be a positive integer (got 0); maxAgeMs must be a positive integer (got -1)',
    );
  });

  it('forgets emitted versions after the retention; the re-emitted delta keeps its eventId', () => {
    const store = open({ emittedRetentionMs: DAY_MS });
    poll(store, ['V1']);
    const original = store.nextBatch(ALL)!;
    store.ack(original.batchId);
    nowMs += DAY_MS + 1;
    poll(store, ['V2']); // housekeeping runs with every poll
    expect(poll(store, ['V1'])).toMatchObject({ enqueued: 1 });
    const again = store.nextBatch(ALL)!.deltas.find((d) => d.key === 'V1');
    expect(again?.eventId).toBe(original.deltas[0]!.eventId);
  });
});

function posix(name: string, fn: () => Promise<void>) {
  (process.platform === 'win32' ? it.skip : it)(name, fn);
}
