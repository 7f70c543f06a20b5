import type { DocType } from '@gprelay/shared';
import {
  type ChangedDocument,
  type ChangedPage,
  comparePositions,
  type GpSource,
  type ListChangedRequest,
} from '../gp/gp-source';

/** A GpSource over an in-memory table: what GP would answer for "modified since". */
export class FakeSource implements GpSource {
  readonly kind = 'fake';
  readonly company = 'Fabrikam, Inc.';
  constructor(readonly docTypes: readonly DocType[] = ['payables-invoice']) {}
  documents: ChangedDocument[] = [];
  requests: ListChangedRequest[] = [];
  failWith: Error | null = null;
  /** Fail only the n-th request (1-based), e.g. a 401 in the middle of paging. */
  failOnRequest: { n: number; error: Error } | null = null;
  serverTime: string | null = null;

  async listChanged(request: ListChangedRequest): Promise<ChangedPage> {
    this.requests.push(request);
    if (this.failWith) throw this.failWith;
    if (this.failOnRequest?.n === this.requests.length) throw this.failOnRequest.error;
    const matching = this.documents
      .filter((d) => d.docType === request.docType)
      .filter((d) => Date.parse(d.modifiedAt) >= Date.parse(request.since))
      .filter((d) => !request.after || comparePositions(d, request.after) > 0)
      .sort(comparePositions);
    return {
      documents: matching.slice(0, request.pageSize),
      hasMore: matching.length > request.pageSize,
      serverTime: this.serverTime,
    };
  }

  async close(): Promise<void> {}
}
