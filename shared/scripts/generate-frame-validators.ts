// `pnpm generate:frames`: rewrites shared/src/protocol/frame-validators.generated.js from the TypeBox
// frame schemas. Run it after changing a schema in shared/src/protocol/frames.ts or shared/src/domain.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { frameValidatorsSource, GENERATED_VALIDATORS } from '../src/protocol/frame-validators-codegen';

const path = fileURLToPath(GENERATED_VALIDATORS);
const source = frameValidatorsSource();
const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
if (current === source) {
  process.stdout.write(`${path} is up to date\n`);
} else {
  writeFileSync(path, source);
  process.stdout.write(`wrote ${path} (${source.length.toLocaleString('en-US')} bytes)\n`);
}
