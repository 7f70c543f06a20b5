// Child process for local-store.crash.test.ts: writes a poll, hands out a batch,
// reports it on stdout, then dies by SIGKILL with nothing closed or flushed by us.
import { LocalStore } from './local-store';
import { payablesDocument } from './test-documents';

const [path] = process.argv.slice(2);
const store = LocalStore.open(path!);
store.recordPoll({
  company: 'TWO',
  docType: 'payables-invoice',
  cursor: { modifiedAt: '2026-11-25T10:00:00.000Z', key: 'V3' },
  documents: ['V1', 'V2', 'V3'].map((key) => payablesDocument(key)),
});
const batch = store.nextBatch({ maxItems: 2, maxBytes: 1024 * 1024 });
process.stdout.write(`${JSON.stringify(batch)}\n`, () => process.kill(process.pid, 'SIGKILL'));
