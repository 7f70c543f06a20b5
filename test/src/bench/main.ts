import { parseArgs } from 'node:util';
import { deliveryBench } from './delivery-bench';
import { gpPollBench } from './gp-poll-bench';
import { ingestBench } from './ingest-bench';

/**
 * `pnpm bench [-- ingest|delivery|gp] [--deltas N] [--records N --changes N --backfill N]`:
 * the product's measured figures, each printed
 * beside its limit or a peer from the same run. Not part of the test gate.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    allowPositionals: true,
    options: {
      deltas: { type: 'string', default: '20000' },
      records: { type: 'string', default: '100000' },
      changes: { type: 'string', default: '100' },
      backfill: { type: 'string', default: '50000' },
    },
  });
  const only = new Set(positionals);
  const wants = (name: string) => only.size === 0 || only.has(name);
  if (wants('ingest')) await ingestBench(Number(values.deltas));
  if (wants('delivery')) await deliveryBench({ channels: 5, seconds: 20, latencySamples: 30 });
  if (wants('gp')) {
    await gpPollBench({
      records: Number(values.records),
      changes: Number(values.changes),
      backfill: Number(values.backfill),
    });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
