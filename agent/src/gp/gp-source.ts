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

/** A position in GP's change order: (modifiedAt, key). */
export interface ChangePosition {
  /** ISO 8601 UTC. */
  modifiedAt: string;
  key: string;
}

/**
 * One page of "what changed": documents with modifiedAt >= `since`, strictly
 * after `after` in (modifiedAt, key) order, at most `pageSize` of them. The
 * poller pages with `after` = the last document of the previous page
 * (keyset paging), so ties on one timestamp never split or repeat a page.
 */
export interface ListChangedRequest {
  docType: DocType;
  /** ISO 8601 UTC, inclusive. */
  since: string;
  /** Exclusive keyset position; omitted on the first page. */
  after?: ChangePosition;
  pageSize: number;
  signal?: AbortSignal;
}

export interface ChangedPage {
  /** Sorted by (modifiedAt, key). */
  documents: ChangedDocument[];
  /** More documents follow the last one of this page. */
  hasMore: boolean;
  /**
   * GP's own clock when it answered (HTTP `Date`), ISO 8601 UTC, when known.
   * The poller anchors a first-run cursor to it rather than to the agent's
   * clock, so a GP server whose clock differs from ours loses nothing.
   */
  serverTime?: string | null;
}

/**
 * A way into one GP company. Adapters: Web Services legacy SOAP (`gp-soap`),
 * SBA REST (`gp-sba`). Errors are AgentError with a stable code (see
 * ../errors.ts) so the poller can tell an auth failure from an outage.
 */
export interface GpSource {
  readonly kind: string;
  /** Company display name as GP shows it; also the `company` of every delta. */
  readonly company: string;
  /** The document families this source can read. */
  readonly docTypes: readonly DocType[];
  listChanged(request: ListChangedRequest): Promise<ChangedPage>;
  close(): Promise<void>;
}

/** Orders positions by (time, key); times compare as instants. */
export function comparePositions(left: ChangePosition, right: ChangePosition): number {
  const byTime = Date.parse(left.modifiedAt) - Date.parse(right.modifiedAt);
  if (byTime !== 0) return byTime;
  return left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
}
