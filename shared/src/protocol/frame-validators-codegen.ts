import { fileURLToPath } from 'node:url';
import { _, Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { buildSync } from 'esbuild';
import { FRAME_FORMATS } from './date-time-format';
import { FrameType } from './frame-types';
import { FRAME_SCHEMAS } from './frames';

/** Where the generated validators live, next to this file. */
export const GENERATED_VALIDATORS = new URL('./frame-validators.generated.js', import.meta.url);

const HEADER = `// GENERATED from the TypeBox schemas in frames.ts by frame-validators-codegen.ts; do not edit.
// Regenerate with \`pnpm generate:frames\`; a test fails while this file and the schemas disagree.
`;

/**
 * Source of a module exporting one ajv validator per frame type, compiled ahead of time from the
 * TypeBox schemas. The agent checks every frame it sends and receives with them, without loading
 * TypeBox or a schema compiler at run time (an idle agent ~0.5 MB smaller); the cloud uses the same
 * module, so both sides run one validator.
 */
export function frameValidatorsSource(): string {
  const ajv = new Ajv({
    allErrors: false,
    discriminator: true,
    formats: FRAME_FORMATS,
    code: { source: true, esm: true, formats: _`require("./date-time-format.ts").FRAME_FORMATS` },
  });
  for (const type of Object.values(FrameType)) ajv.addSchema(jsonSchemaOf(FRAME_SCHEMAS[type]), type);
  const exports = Object.fromEntries(Object.values(FrameType).map((type) => [type, type]));
  return HEADER + selfContained(standaloneCode(ajv, exports));
}

/**
 * The schema as plain JSON Schema, with each union of objects told apart by a constant `docType`
 * (the deltas) turned into a discriminated oneOf: same meaning, since the tags are unique, but an
 * invalid delta is reported against its own family's schema, not against all four.
 */
function jsonSchemaOf(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema), (_key, value) => {
    if (!value || typeof value !== 'object' || !Array.isArray(value.anyOf)) return value;
    const tagged = value.anyOf.every(
      (branch: { properties?: { docType?: { const?: unknown } }; required?: string[] }) =>
        branch.properties?.docType?.const !== undefined && branch.required?.includes('docType'),
    );
    if (!tagged) return value;
    const { anyOf, ...rest } = value;
    return {
      ...rest,
      type: 'object',
      required: ['docType'],
      discriminator: { propertyName: 'docType' },
      oneOf: anyOf,
    };
  });
}

/**
 * ajv's standalone ESM still reaches its runtime helpers (string length, our date-time format) with
 * require(); bundle them in, so the module imports nothing and reads the same under node, tsx,
 * vitest and the agent's bundler, whose CommonJS interop differ. Types: frame-validators.generated.d.ts.
 */
function selfContained(code: string): string {
  const { outputFiles } = buildSync({
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)), // module ids in the output are relative to it
    stdin: { contents: code, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'inline',
    minifyWhitespace: true,
    minifySyntax: true,
    write: false,
    logLevel: 'error',
  });
  // esbuild labels each bundled module with its path, which for a package is the pnpm store's: keep the
  // package's own path only, so the file reads the same whatever the install layout.
  return outputFiles[0]!.text.replace(
    /"(?:\.\.\/)*node_modules\/\.pnpm\/[^"]*?\/node_modules\/([^"]+)"/g,
    '"$1"',
  );
}
