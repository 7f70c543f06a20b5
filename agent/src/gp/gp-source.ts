import type { DeltaOf, DocType, RecordOf } from '@gprelay/shared';

/**
 * One document GP reports as changed. `modifiedAt` is GP's own UTC modification
 * time (ISO 8601 with `Z`, millisecond precision); the poller's cursor is built
 * from it, never from the agent's clock. Discriminated on `docType`, so each
 * family carries its own record and states.
 */
export type ChangedDocument = {
  [T in DocType]: {
    docType: T;
    /** GP's natural key, trimmed (voucher number, PO number, vendor id, journal entry). */
    key: string;
    modifiedAt: string;
    state: DeltaOf<T>['state'];
    record: RecordOf<T>;
  };
}[DocType];

/** A changed document of one family. */
export type ChangedDocumentOf<T extends DocType> = Extract<ChangedDocument, { docType: T }>;

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
