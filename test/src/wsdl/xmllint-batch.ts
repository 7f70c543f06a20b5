import type { XsdFile } from './wsdl-schemas';
import { XmllintRunner } from './xmllint-runner';

export interface SchemaOutcome {
  readonly valid: boolean;
  readonly errors: string[];
}

interface Pending {
  readonly fileName: string;
  readonly xml: string;
  resolve(outcome: SchemaOutcome): void;
  reject(error: unknown): void;
}

/** Upper bound of documents per xmllint run, to keep one run's memory bounded. */
const MAX_BATCH = 100;

/**
 * Validates documents against one schema set with xmllint (libxml2 in wasm).
 * A run instantiates libxml2 and compiles the schemas (≈0.1 s warm for the GP
 * WSDL), while one more document costs a few milliseconds. So
 * calls made in the same turn of the event loop are queued and checked in one
 * run; `Promise.all(messages.map(validate))` pays the schema cost once.
 */
export class XmllintBatchValidator {
  private queue: Pending[] = [];
  private scheduled = false;
  private counter = 0;
  /** Number of xmllint runs so far; for timing reports and tests. */
  runs = 0;

  private readonly runner = new XmllintRunner();

  constructor(private readonly schemas: readonly XsdFile[]) {
    if (schemas.length === 0) throw new Error('no schema files');
  }

  validate(xml: string): Promise<SchemaOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ fileName: `soap-message-${++this.counter}.xml`, xml, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      void this.runBatch(batch);
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.run(batch);
      for (const pending of batch) pending.resolve(outcomes.get(pending.fileName) ?? unknownOutcome(pending));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  private async run(batch: Pending[]): Promise<Map<string, SchemaOutcome>> {
    this.runs++;
    const [root, ...rest] = this.schemas;
    const documents = batch.map((pending) => ({ fileName: pending.fileName, contents: pending.xml }));
    const result = await this.runner.run(
      ['--schema', root!.fileName, '--noout', ...documents.map((document) => document.fileName)],
      [root!, ...rest, ...documents],
    );
    // 0 = all valid, 1 = a document did not parse, 3/4 = invalid; anything
    // else (5 = the schema did not compile, -1 = wasm abort) is our fault.
    if (![0, 1, 3, 4].includes(result.exitCode)) {
      throw new Error(`xmllint failed (exit ${result.exitCode}): ${result.stderr.slice(0, 2000)}`);
    }
    return outcomesFromOutput(result.stderr, batch);
  }
}

function unknownOutcome(pending: Pending): SchemaOutcome {
  return { valid: false, errors: [`xmllint gave no verdict for ${pending.fileName}`] };
}

/**
 * xmllint prints `<file>:<line>: <message>` for each error (on stderr) and a closing
 * `<file> validates` / `<file> fails to validate` per document.
 */
function outcomesFromOutput(rawOutput: string, batch: Pending[]): Map<string, SchemaOutcome> {
  const errors = new Map<string, string[]>(batch.map((pending) => [pending.fileName, []]));
  const verdicts = new Map<string, boolean>();
  for (const line of rawOutput.split('\n')) {
    const verdict = /^(\S+\.xml) (validates|fails to validate)$/.exec(line.trim());
    if (verdict) {
      verdicts.set(verdict[1]!, verdict[2] === 'validates');
      continue;
    }
    const located = /^(\S+\.xml):(\d+): (.*)$/.exec(line);
    if (located && errors.has(located[1]!))
      errors.get(located[1]!)!.push(`line ${located[2]}: ${located[3]}`);
  }
  const outcomes = new Map<string, SchemaOutcome>();
  for (const pending of batch) {
    const verdict = verdicts.get(pending.fileName);
    const fileErrors = errors.get(pending.fileName)!;
    // A document that does not parse gets located errors but no verdict line.
    if (verdict === undefined && fileErrors.length === 0) continue;
    outcomes.set(pending.fileName, {
      valid: verdict === true && fileErrors.length === 0,
      errors: fileErrors,
    });
  }
  return outcomes;
}
