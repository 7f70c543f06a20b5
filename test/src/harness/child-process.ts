import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './repo-paths';

/** A TypeScript entry point run as a real child process, with its output kept for assertions. */
export class TsxProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #waiters = new Set<() => void>();
  readonly #child: ChildProcess;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(
    readonly name: string,
    script: string,
    args: readonly string[],
    env: Record<string, string>,
    options: {
      echo?: boolean | ((line: string) => boolean);
      /** Run plain JavaScript (a bundle) without tsx's loader, with these node flags. */
      plainNode?: { nodeArgs: readonly string[] };
    } = {},
  ) {
    // node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child
    // process of its own, so a SIGKILL sent to it would leave the real process running.
    const loader = options.plainNode ? [...options.plainNode.nodeArgs] : ['--import', 'tsx'];
    this.#child = spawn(process.execPath, [...loader, script, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.#child.stdout!, this.#child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        const echo = options.echo ?? process.env.E2E_ECHO === '1';
        if (echo === true || (typeof echo === 'function' && echo(line)))
          process.stdout.write(`[${name}] ${line}\n`);
        this.#wake();
      });
    }
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        this.#wake();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Resolves with the first output line matching `pattern` (past or future); rejects if the process exits first or on timeout. */
  waitForLine(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(
          new Error(
            `${this.name}: no line matching ${pattern} within ${timeoutMs} ms; last output:\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        const line = this.lines.slice(from).find((l) => pattern.test(l));
        if (line !== undefined || this.#exit) {
          clearTimeout(timer);
          this.#waiters.delete(check);
          if (line !== undefined) resolve(line);
          else
            reject(
              new Error(
                `${this.name} exited (${JSON.stringify(this.#exit)}) before printing ${pattern}:\n${this.tail()}`,
              ),
            );
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Sends `signal` and waits for the exit. SIGKILL gives the process no chance to clean up. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.#exit) this.#child.kill(signal);
    await this.exited;
  }

  tail(count = 30): string {
    return this.lines.slice(-count).join('\n');
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
