/**
 * Faults a test queues for upcoming SOAP requests:
 * - `soap-fault`: a GP system exception (HTTP 500, soap:Server, generic
 *   message, LogId in detail), or a validation exception with `exceptionType`;
 * - `http-500`: IIS's HTML error page, no SOAP;
 * - `http-401`: `WWW-Authenticate: Negotiate` and `NTLM`, as IIS answers without credentials;
 * - `stall`: hold the response `ms` (default: until the client gives up or the simulator closes), then answer;
 * - `malformed`: HTTP 200 with a truncated envelope;
 * - `disconnect`: drop the connection without a response.
 * A fault with `operation` waits for a request to that operation; others take the next request.
 */
export type InjectedFault =
  | { kind: 'soap-fault'; operation?: string; exceptionType?: 'system' | 'validation'; message?: string }
  | { kind: 'http-500'; operation?: string }
  | { kind: 'http-401'; operation?: string }
  | { kind: 'stall'; operation?: string; ms?: number }
  | { kind: 'malformed'; operation?: string }
  | { kind: 'disconnect'; operation?: string };

export type FaultKind = InjectedFault['kind'];

export class FaultQueue {
  private readonly queue: InjectedFault[] = [];

  push(...faults: InjectedFault[]): number {
    return this.queue.push(...faults);
  }

  get length(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Removes and returns the first fault for this request, if any. */
  take(operation: string | undefined): InjectedFault | undefined {
    const at = this.queue.findIndex(
      (fault) => fault.operation === undefined || fault.operation === operation,
    );
    return at < 0 ? undefined : this.queue.splice(at, 1)[0];
  }
}
