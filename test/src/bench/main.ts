import { parseArgs } from 'node:util';
import { ingestBench } from './ingest-bench';

/**
 * `pnpm bench [-- --deltas N]`: the product's measured figures, each printed
 * beside its limit or a peer from the same run. Not part of the test gate.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: { deltas: { type: 'string', default: '20000' } },
  });
  await ingestBench(Number(values.deltas));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
