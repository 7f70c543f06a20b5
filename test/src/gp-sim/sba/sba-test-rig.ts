import { type ChangedDocument, type GpSource, SbaGpSource, type SbaGpSourceOptions } from '@gprelay/agent';
import type { DocType } from '@gprelay/shared';
import type { GpSimulator } from '../gp-simulator';

/** The adapter as a field engineer would configure it for the simulator's default convention. */
export function sbaSourceFor(sim: GpSimulator, options: Partial<SbaGpSourceOptions> = {}): SbaGpSource {
  return new SbaGpSource({ baseUrl: `${sim.baseUrl}/GPService`, company: 'Fabrikam, Inc.', ...options });
}

/**
 * Every document a source lists for one family since `since`, driving
 * listChanged page by page the way the poller does (after = last of the page).
 */
export async function listAll(
  source: GpSource,
  docType: DocType,
  since: string,
  pageSize = 10_000,
): Promise<{ documents: ChangedDocument[]; pages: number; hasMoreEmpty: boolean }> {
  const documents: ChangedDocument[] = [];
  let pages = 0;
  let hasMoreEmpty = false;
  let after: { modifiedAt: string; key: string } | undefined;
  for (;;) {
    const page = await source.listChanged({ docType, since, pageSize, ...(after ? { after } : {}) });
    pages++;
    if (page.documents.length > pageSize) throw new Error(`page of ${page.documents.length} > ${pageSize}`);
    documents.push(...page.documents);
    const last = page.documents.at(-1);
    if (page.hasMore && !last) hasMoreEmpty = true;
    if (!page.hasMore || !last) return { documents, pages, hasMoreEmpty };
    after = { modifiedAt: last.modifiedAt, key: last.key };
  }
}

/** The failure of a promise that must fail, as { code, retryable, message }. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; retryable: boolean; message: string };
  }
  throw new Error('expected a failure');
}
