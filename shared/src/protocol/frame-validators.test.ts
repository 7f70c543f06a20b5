import { readFileSync } from 'node:fs';
import { Compile } from 'typebox/compile';
import { Format } from 'typebox/format';
import { describe, expect, it } from 'vitest';
import { glJournalDelta, purchaseOrderDelta } from '../testing/sample-deltas';
import { isDateTime } from './date-time-format';
import { FrameType } from './frame-types';
import * as GENERATED from './frame-validators.generated';
import { frameValidatorsSource, GENERATED_VALIDATORS } from './frame-validators-codegen';
import { FRAME_SCHEMAS } from './frames';
import { oneOfEach, vendorDelta, vendorRecord } from './test-frames';

/** Values that break some rule somewhere: wrong types, bounds, formats, patterns. */
const REPLACEMENTS: unknown[] = [
  null,
  7,
  -1,
  1.5,
  true,
  '',
  'x'.repeat(2000),
  '2026-13-45T99:00:00Z',
  '2026-11-25',
  '2026-11-25 10:00:00Z',
  '2026-11-25T10:00:00+01',
  '2026-11-25T10:00:00Z[Europe/Paris]',
  // Lengths count code points: 15 and 16 astral characters are 30 and 32 UTF-16 units.
  '\u{1D4B3}'.repeat(15),
  '\u{1D4B3}'.repeat(16),
  '\u{1D4B3}'.repeat(65),
  '\u{1D4B3}'.repeat(66),
  [],
  {},
];

/** Every way to break `value` at one place: drop a property, add one, or replace any value. */
function mutationsOf(value: unknown): unknown[] {
  const out: unknown[] = REPLACEMENTS.filter((replacement) => replacement !== value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      for (const mutant of mutationsOf(item)) out.push(value.map((v, i) => (i === index ? mutant : v)));
      out.push(value.filter((_v, i) => i !== index));
    });
  } else if (value && typeof value === 'object') {
    out.push({ ...value, unexpected: 1 });
    for (const [key, item] of Object.entries(value)) {
      const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
      out.push(rest);
      for (const mutant of mutationsOf(item)) out.push({ ...value, [key]: mutant });
    }
  }
  return out;
}

const GENERATED_BY_TYPE: Record<FrameType, (value: unknown) => boolean> = GENERATED;

const samples: Array<[FrameType, unknown]> = [
  ...(Object.entries(oneOfEach) as Array<[FrameType, unknown]>),
  [
    FrameType.deltas,
    {
      type: 'deltas',
      batchId: 'b2',
      items: [
        purchaseOrderDelta('PO2001'),
        glJournalDelta(4411),
        vendorDelta,
        { ...vendorDelta, previous: vendorRecord },
        { ...vendorDelta, previous: null },
      ],
    },
  ],
];

describe('the generated frame validators', () => {
  it('are what the TypeBox schemas generate today (else run `pnpm generate:frames`)', () => {
    const stale = readFileSync(GENERATED_VALIDATORS, 'utf8') !== frameValidatorsSource();
    expect(stale, 'frame-validators.generated.js is stale: run `pnpm generate:frames`').toBe(false);
  });

  it("accept and refuse exactly what TypeBox's own compiler does, valid frames and thousands of broken ones", () => {
    const corpus = samples.flatMap(([type, frame]) => [
      [type, frame] as const,
      ...mutationsOf(frame).map((mutant) => [type, mutant] as const),
    ]);
    // The wire's date-time is ours (date-time-format.ts), narrower than TypeBox's built-in one.
    Format.Set('date-time', isDateTime);
    const compiled = Object.fromEntries(
      Object.values(FrameType).map((type) => [type, Compile(FRAME_SCHEMAS[type] as never)]),
    );
    const verdicts = corpus.map(([type, value]) => ({
      type,
      value,
      typebox: compiled[type]!.Check(value),
      generated: GENERATED_BY_TYPE[type](value),
    }));
    const disagreements = verdicts.filter((v) => v.typebox !== v.generated);
    expect(disagreements.slice(0, 3).map((d) => JSON.stringify(d).slice(0, 600))).toEqual([]);
    // The corpus tests both ways: the valid samples pass, nearly every mutant fails.
    expect(verdicts.filter((v) => v.generated).length).toBeGreaterThanOrEqual(samples.length);
    expect(verdicts.filter((v) => !v.generated).length).toBeGreaterThan(corpus.length * 0.8);
    expect(corpus.length).toBeGreaterThan(2000);
  });
});
