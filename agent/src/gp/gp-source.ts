import type { DocState, DocType, PayablesInvoiceRecord } from '@gprelay/shared';

/**
 * One document GP reports as changed. `modifiedAt` is GP's own UTC modification
 * time (ISO 8601 with `Z`, millisecond precision); the poller's cursor is built
 * from it, never from the agent's clock.
 */
export interface ChangedDocument {
  docType: DocType;
  /** GP's natural key, trimmed (voucher number for payables). */
  key: string;
  modifiedAt: string;
  state: DocState;
  record: PayablesInvoiceRecord;
}

/** Lower bound of a listing: every document with modifiedAt >= `since` is returned. */
export interface ListChangedRequest {
  docType: DocType;
  /** ISO 8601 UTC. */
  since: string;
  signal?: AbortSignal;
}

/**
 * A way into one GP company. Adapters: Web Services legacy SOAP (`gp-soap`),
 * SBA REST (`gp-sba`, issue 3). Results are sorted by (modifiedAt, key).
 * Errors are AgentError with a stable code (see ../errors.ts) so the poller can
 * tell an auth failure from an outage.
 */
export interface GpSource {
  readonly kind: string;
  /** Company display name as GP shows it; also the `company` of every delta. */
  readonly company: string;
  listChanged(request: ListChangedRequest): Promise<ChangedDocument[]>;
}
