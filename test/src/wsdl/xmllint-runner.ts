import { Worker } from 'node:worker_threads';
import type { XsdFile } from './wsdl-schemas';

export interface XmllintRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface DoneMessage extends XmllintRun {
  readonly kind: 'gprelay-xmllint-done';
  readonly id: number;
}

/**
 * Runs the xmllint command line (libxml2 compiled to wasm, from xmllint-wasm)
 * in one long-lived worker thread, so the wasm is compiled once per process.
 * The worker is unref'd while idle: it never keeps a process alive.
 */
export class XmllintRunner {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(run: XmllintRun): void; reject(error: Error): void }
  >();

  run(args: readonly string[], inputFiles: readonly XsdFile[]): Promise<XmllintRun> {
    const worker = this.ensureWorker();
    const id = ++this.nextId;
    return new Promise<XmllintRun>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ kind: 'gprelay-xmllint-run', id, args, inputFiles });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./xmllint-worker.cjs', import.meta.url));
    worker.unref();
    worker.on('message', (message: DoneMessage | { kind: string }) => {
      if (message.kind !== 'gprelay-xmllint-done') return;
      const done = message as DoneMessage;
      const waiter = this.pending.get(done.id);
      this.pending.delete(done.id);
      if (this.pending.size === 0) worker.unref();
      waiter?.resolve({ exitCode: done.exitCode, stdout: done.stdout, stderr: done.stderr });
    });
    const fail = (error: Error) => {
      this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`xmllint worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
